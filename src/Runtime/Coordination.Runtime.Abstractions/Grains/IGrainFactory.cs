namespace Coordination;

/// <summary>Creates references to grains. References are cheap: creating one sends nothing.</summary>
public interface IGrainFactory
{
    /// <summary>Returns a reference to the grain of interface <typeparamref name="TGrainInterface"/> with the given key.</summary>
    /// <exception cref="ArgumentException">The key is null, empty, whitespace or longer than <see cref="GrainId.MaxKeyUtf8Bytes"/> UTF-8 bytes.</exception>
    TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey;

    /// <summary>Returns a reference for an existing grain id, whose type must belong to <typeparamref name="TGrainInterface"/>.</summary>
    TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IGrain;
}
