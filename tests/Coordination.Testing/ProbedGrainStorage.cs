using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;

namespace Coordination.Testing;

/// <summary>
/// A storage provider that passes every call to a real one, counting it and applying the faults planned in a
/// <see cref="GrainStorageProbe"/>.
/// </summary>
public sealed class ProbedGrainStorage(IGrainStorage inner, GrainStorageProbe probe) : IGrainStorage
{
    public IGrainStorage Inner { get; } = inner;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        probe.CountRead(grainId);
        if (probe.TakeReadFailure(grainId) is { } error)
        {
            throw error($"Injected fault: the store is unreachable for reading {grainId}.");
        }

        return Inner.ReadStateAsync(stateName, grainId, grainState, cancellationToken);
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        probe.CountWrite(grainId);
        var plan = probe.TakeWritePlan(grainId);
        switch (plan)
        {
            case null:
                await Inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken);
                return;
            case { CompetingWriter: { } competingWriter }:
                await competingWriter();
                await Inner.WriteStateAsync(stateName, grainId, grainState, cancellationToken);
                return;
            case { Fault: StorageFault.FailWithoutApplying }:
                throw plan.Error($"Injected fault: the store refused the write of {grainId} without applying it.");
            case { Fault: StorageFault.ApplyThenLoseResponse }:
                // Applied through a copy: the writer must not learn the new etag from a call that failed.
                await Inner.WriteStateAsync(stateName, grainId, new GrainState<T>(grainState.State, grainState.ETag) { RecordExists = grainState.RecordExists }, cancellationToken);
                throw plan.Error($"Injected fault: the write of {grainId} was applied, but its response was lost.");
            case { Fault: StorageFault.LandLater }:
                probe.HoldBack(Inner, stateName, grainId, grainState);
                throw plan.Error($"Injected fault: the write of {grainId} timed out; it is still on its way.");
            default:
                throw new InvalidOperationException("Unknown write plan.");
        }
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        probe.CountWrite(grainId);
        return Inner.ClearStateAsync(stateName, grainId, grainState, cancellationToken);
    }
}

/// <summary>Registers a <see cref="ProbedGrainStorage"/> on a silo.</summary>
public static class ProbedGrainStorageExtensions
{
    /// <summary>
    /// Serves storage provider <paramref name="name"/> from the provider registered as <paramref name="innerName"/>,
    /// counted and with faults from <paramref name="probe"/>.
    /// </summary>
    public static ISiloBuilder AddProbedGrainStorage(this ISiloBuilder builder, string name, string innerName, GrainStorageProbe probe)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) => new ProbedGrainStorage(services.GetRequiredKeyedService<IGrainStorage>(innerName), probe));
        return builder;
    }
}
