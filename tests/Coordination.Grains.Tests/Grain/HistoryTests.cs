using Coordination.Locks;

namespace Coordination.Grains.Tests.Grain;

/// <summary>Many contenders take and release a few keys while every grant and release is recorded (see <see cref="LockHistory"/>).</summary>
public abstract class HistoryTests(LockClusterFixture fixture) : LockSuite(fixture)
{
    private const int Contenders = 120;
    private const int RoundsPerContender = 8;
    private static readonly string[] Keys = ["k0", "k1", "k2", "k3"];

    [Fact]
    public async Task Concurrent_contenders_never_overlap_and_tokens_strictly_increase_per_key()
    {
        // Real time: waits and leases must end by themselves while 120 callers contend.
        await using var locks = await Fixture.StartPrivateAsync(spec => spec with { FakeTime = false });
        var history = new LockHistory();
        var waits = 0;
        var waitsGranted = 0;
        var waitsTimedOut = 0;

        // One contender failing must stop the rest at once, instead of leaving them queued behind its lock.
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        await Task.WhenAll(Enumerable.Range(0, Contenders).Select(contender => Task.Run(async () =>
        {
            try
            {
                await ContendAsync(contender);
            }
            catch
            {
                await abort.CancelAsync();
                throw;
            }
        })));

        async Task ContendAsync(int contender)
        {
            var owner = $"contender-{contender}";
            for (var round = 0; round < RoundsPerContender; round++)
            {
                var key = Keys[(contender + round) % Keys.Length];
                var grain = locks.Lock(key);
                LockResult result;
                if ((contender + round) % 2 == 0)
                {
                    result = await grain.TryAcquire(owner, TimeSpan.FromMinutes(1));
                }
                else
                {
                    Interlocked.Increment(ref waits);
                    result = await grain.Acquire(owner, TimeSpan.FromSeconds(contender % 3 == 0 ? 0.05 : 30), TimeSpan.FromMinutes(1), abort.Token);
                    switch (result.Outcome)
                    {
                        case LockOutcome.Acquired:
                            Interlocked.Increment(ref waitsGranted);
                            break;
                        case LockOutcome.WaitTimedOut:
                            Interlocked.Increment(ref waitsTimedOut);
                            break;
                        default:
                            throw new InvalidOperationException($"A waiter ended with {result.Outcome}.");
                    }
                }

                if (!result.Acquired)
                {
                    continue;
                }

                history.Granted(key, owner, result.FencingToken);
                await Task.Yield();
                history.Releasing(key, owner, result.FencingToken);
                Assert.True(await grain.Release(owner, result.FencingToken));
            }
        }

        history.AssertConsistent();
        Assert.Equal(waits, waitsGranted + waitsTimedOut);
        Assert.True(history.GrantCount > Contenders, $"Only {history.GrantCount} grants happened.");
        foreach (var key in Keys)
        {
            Assert.Equal(history.LastToken(key), (await locks.Lock(key).GetStatus()).FencingToken);
        }
    }
}
