using System.ComponentModel;
using Coordination.Serialization;

namespace Coordination.Invocation;

/// <summary>Creates a proxy for a grain interface; generated per interface.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate GrainReference GrainProxyFactory(GrainId grainId, IGrainCallSender sender);

/// <summary>Reads a request's arguments from the wire into a new request; generated per method.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate GrainRequest GrainRequestReader(ref CodecReader reader);

/// <summary>What the runtime knows about one grain interface, supplied by generated code.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GrainInterfaceDescriptor
{
    public required Type InterfaceType { get; init; }

    /// <summary>The grain type name (the <c>type</c> in <c>type/key</c>).</summary>
    public required string GrainType { get; init; }

    public required GrainProxyFactory ProxyFactory { get; init; }

    /// <summary>Readers for incoming remote requests, by method id.</summary>
    public required IReadOnlyDictionary<uint, GrainRequestReader> RequestReaders { get; init; }
}
