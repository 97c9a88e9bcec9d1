namespace Coordination.Runtime.Tests.Grains;

public sealed record EchoMessage(string Text, int Count, IReadOnlyList<string> Tags, TimeSpan? Delay = null);

public interface IEchoGrain : IGrainWithStringKey
{
    Task<string> Echo(string text);

    ValueTask<int> Add(int a, int b);

    Task<EchoMessage> Reflect(EchoMessage message);

    Task Fail(string message);

    ValueTask<string> WhoAmI();
}

public sealed class EchoGrain : Grain, IEchoGrain
{
    public Task<string> Echo(string text) => Task.FromResult(text);

    public ValueTask<int> Add(int a, int b) => new(a + b);

    public Task<EchoMessage> Reflect(EchoMessage message) =>
        Task.FromResult(message with { Count = message.Count + 1, Tags = [.. message.Tags, GetPrimaryKeyString()] });

    public Task Fail(string message) => throw new InvalidOperationException(message);

    public ValueTask<string> WhoAmI() => new(GrainId.ToString());
}
