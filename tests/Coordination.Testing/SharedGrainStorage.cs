using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;

namespace Coordination.Testing;

/// <summary>An Orleans grain storage over a <see cref="SharedGrainStore"/>, honouring etags as a real store does.</summary>
public sealed class SharedGrainStorage(SharedGrainStore store) : IGrainStorage
{
    public SharedGrainStore Store { get; } = store;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (Store.TryRead(Key(stateName, grainId), out var json, out var etag))
        {
            grainState.State = JsonSerializer.Deserialize<T>(json)!;
            grainState.ETag = etag;
            grainState.RecordExists = true;
        }
        else
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var etag = Store.TryWrite(Key(stateName, grainId), grainState.State, grainState.ETag, out var current)
            ?? throw new InconsistentStateException($"The state of {grainId} changed since it was read.", current, grainState.ETag);
        grainState.ETag = etag;
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        if (!Store.TryClear(Key(stateName, grainId), grainState.ETag, out var current))
        {
            throw new InconsistentStateException($"The state of {grainId} changed since it was read.", current, grainState.ETag);
        }

        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Activator.CreateInstance<T>();
        return Task.CompletedTask;
    }

    private static string Key(string stateName, GrainId grainId) => $"{stateName}\n{grainId}";
}

/// <summary>Registers a <see cref="SharedGrainStorage"/> on a silo.</summary>
public static class SharedGrainStorageExtensions
{
    /// <summary>Keeps the grain state of provider <paramref name="name"/> in <paramref name="store"/>, shared with every silo given the same store.</summary>
    public static ISiloBuilder AddSharedGrainStorage(this ISiloBuilder builder, string name, SharedGrainStore store)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, new SharedGrainStorage(store));
        return builder;
    }
}
