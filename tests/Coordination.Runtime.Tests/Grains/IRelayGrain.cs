namespace Coordination.Runtime.Tests.Grains;

/// <summary>Calls other grains, passing references as arguments.</summary>
public interface IRelayGrain : IGrainWithStringKey
{
    Task<string> Relay(IEchoGrain target, string text);

    Task<IEchoGrain> Pick(string key);
}

public sealed class RelayGrain : Grain, IRelayGrain
{
    public async Task<string> Relay(IEchoGrain target, string text)
    {
        var context = SynchronizationContext.Current;
        var answer = await target.Echo(text);
        if (SynchronizationContext.Current != context)
        {
            throw new InvalidOperationException("The reply resumed outside the calling activation.");
        }

        return $"{GetPrimaryKeyString()} relayed {answer}";
    }

    public Task<IEchoGrain> Pick(string key) => Task.FromResult(GrainFactory.GetGrain<IEchoGrain>(key));
}
