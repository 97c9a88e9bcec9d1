using Coordination.Invocation;

namespace Coordination.Runtime.Invocation;

/// <summary>Creates generated proxies bound to one sender (a silo's runtime or a client connection).</summary>
public sealed class GrainFactory : IGrainFactory
{
    private readonly IGrainCallSender _sender;

    public GrainFactory(IGrainCallSender sender)
    {
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
    }

    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        var descriptor = GrainInterfaceRegistry.Get<TGrainInterface>();
        return (TGrainInterface)(object)descriptor.ProxyFactory(GrainId.Create(descriptor.GrainType, key), _sender);
    }

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IGrain
    {
        if (grainId.IsDefault)
        {
            throw new ArgumentException("The grain id is empty.", nameof(grainId));
        }

        var descriptor = GrainInterfaceRegistry.Get<TGrainInterface>();
        if (!string.Equals(descriptor.GrainType, grainId.Type, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The grain id {grainId} is of type '{grainId.Type}', but {typeof(TGrainInterface).FullName} is of type '{descriptor.GrainType}'.",
                nameof(grainId));
        }

        return (TGrainInterface)(object)descriptor.ProxyFactory(grainId, _sender);
    }
}
