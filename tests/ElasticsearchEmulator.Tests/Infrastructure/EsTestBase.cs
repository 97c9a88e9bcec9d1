using Microsoft.Extensions.Time.Testing;

namespace Coordination.ElasticsearchEmulator.Tests.Infrastructure;

/// <summary>
/// Base of every conformance test: unique index and template names (cleaned up on a real cluster), and explicit,
/// loud skips for checks that need the emulator's extra powers (faults, counters, the manual clock).
/// </summary>
public abstract class EsTestBase : IClassFixture<EsFixture>, IAsyncLifetime
{
    private readonly List<string> _indices = [];
    private readonly List<string> _templates = [];

    protected EsTestBase(EsFixture fixture)
    {
        Fixture = fixture;
    }

    protected EsFixture Fixture { get; }

    protected EsClient Es => Fixture.Client;

    protected bool IsEmulator => Fixture.IsEmulator;

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A fresh, unique, lowercase index name starting with <paramref name="hint"/>.</summary>
    protected string NewIndex(string hint = "test")
    {
        var name = $"{hint}-{Guid.NewGuid():N}"[..(hint.Length + 13)];
        _indices.Add(name);
        return name;
    }

    /// <summary>A unique name prefix for tests that need several related indices (register them with <see cref="Track"/>).</summary>
    protected static string NewPrefix(string hint = "set") => $"{hint}-{Guid.NewGuid():N}"[..(hint.Length + 13)];

    /// <summary>Registers an index for clean-up on a real cluster (wildcard deletes are refused there).</summary>
    protected string Track(string index)
    {
        _indices.Add(index);
        return index;
    }

    protected string NewTemplate(string hint = "tpl")
    {
        var name = $"{hint}-{Guid.NewGuid():N}"[..(hint.Length + 13)];
        _templates.Add(name);
        return name;
    }

    /// <summary>The emulator, or a skip (never a silent pass) when the tests run against a real cluster.</summary>
    protected EmulatorServer RequireEmulator(string why)
    {
        if (Fixture.Server is null)
        {
            Assert.Skip($"Needs the emulator ({why}); {EsFixture.UrlVariable} points the suite at a real cluster.");
        }

        return Fixture.Server!;
    }

    protected FakeTimeProvider RequireClock(string why)
    {
        RequireEmulator(why);
        return Fixture.Clock!;
    }

    /// <summary>Creates an index whose visibility is fully controlled: no periodic refresh, no replicas.</summary>
    protected async Task<string> CreateIndexAsync(string? settingsJson = null, string? mappingsJson = null, string hint = "test")
    {
        var index = NewIndex(hint);
        var body = $"{{\"settings\":{settingsJson ?? "{}"}{(mappingsJson is null ? string.Empty : ",\"mappings\":" + mappingsJson)}}}";
        var reply = await Es.PutAsync("/" + index, body, Cancel);
        Assert.True(reply.Status == 200, reply.ToString());
        return index;
    }

    /// <summary>
    /// Completes a refresh=wait_for write: on the emulator, waits until the write is parked on the refresh and moves
    /// the manual clock by the refresh interval; a real cluster refreshes on its own within a second.
    /// </summary>
    protected async Task<EsReply> CompleteWaitForAsync(Task<EsReply> pending, string index, TimeSpan interval)
    {
        if (Fixture.Server is { } server)
        {
            var parked = server.WaitForRefreshListenersAsync(index, 1, Cancel);
            if (await Task.WhenAny(parked, pending) == parked)
            {
                await parked;
                Fixture.Clock!.Advance(interval);
            }
        }

        return await pending;
    }

    /// <summary>
    /// Waits for an emulator signal while a request is in flight. If the request finishes first, the signal will
    /// never come: fail with what the request answered instead of hanging.
    /// </summary>
    protected static async Task SignalAsync(Task signal, Task<EsReply> pending)
    {
        if (await Task.WhenAny(signal, pending) == pending)
        {
            var early = await pending;
            Assert.Fail($"The request completed before the expected signal: {early}");
        }

        await signal;
    }

    public virtual ValueTask InitializeAsync()
    {
        if (Fixture.Server is { } server)
        {
            server.Faults.Clear();
            server.Stats.Reset();
        }

        return ValueTask.CompletedTask;
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (Fixture.IsEmulator)
        {
            return;
        }

        // A real cluster outlives the test: remove what it created (best effort).
        foreach (var index in _indices)
        {
            await Es.DeleteAsync("/" + Uri.EscapeDataString(index) + "?ignore_unavailable=true&expand_wildcards=all", CancellationToken.None);
        }

        foreach (var template in _templates)
        {
            await Es.DeleteAsync("/_index_template/" + template, CancellationToken.None);
        }
    }
}
