using System.Collections.Concurrent;
using Coordination.Locks;

namespace Coordination.Grains.Tests.Grain;

/// <summary>
/// Many contenders take and release a few keys while every grant and release is recorded in one global
/// order. A holder's recorded interval (after its grant was confirmed, before it sent its release) lies
/// inside its real holding interval, so two recorded intervals that overlap would prove a double grant.
/// </summary>
public abstract class HistoryTests : LockStoreTests
{
    private const int Contenders = 120;
    private const int RoundsPerContender = 8;
    private static readonly string[] Keys = ["k0", "k1", "k2", "k3"];

    [Fact]
    public async Task Concurrent_contenders_never_overlap_and_tokens_strictly_increase_per_key()
    {
        await using var locks = await StartLocksAsync(useSystemClock: true);
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

        history.AssertConsistent(Keys);
        Assert.Equal(waits, waitsGranted + waitsTimedOut);
        Assert.True(history.GrantCount > Contenders, $"Only {history.GrantCount} grants happened.");
        foreach (var key in Keys)
        {
            Assert.Equal(history.LastToken(key), (await locks.Lock(key).GetStatus()).FencingToken);
        }
    }

    private sealed class LockHistory
    {
        private readonly ConcurrentQueue<(long Sequence, string Key, string Owner, long Token, bool Grant)> _events = new();
        private long _sequence;

        public int GrantCount => _events.Count(e => e.Grant);

        public void Granted(string key, string owner, long token) => Record(key, owner, token, grant: true);

        public void Releasing(string key, string owner, long token) => Record(key, owner, token, grant: false);

        public long LastToken(string key) => _events.Where(e => e.Key == key && e.Grant).Max(e => e.Token);

        public void AssertConsistent(IEnumerable<string> keys)
        {
            foreach (var key in keys)
            {
                (string Owner, long Token)? holder = null;
                long lastToken = 0;
                foreach (var e in _events.Where(e => e.Key == key).OrderBy(e => e.Sequence))
                {
                    if (e.Grant)
                    {
                        Assert.True(holder is null, $"{key}: {e.Owner} was granted token {e.Token} while {holder} still held it.");
                        Assert.True(e.Token > lastToken, $"{key}: token {e.Token} did not increase past {lastToken}.");
                        holder = (e.Owner, e.Token);
                        lastToken = e.Token;
                    }
                    else
                    {
                        Assert.Equal(holder, (e.Owner, e.Token));
                        holder = null;
                    }
                }
            }
        }

        private void Record(string key, string owner, long token, bool grant) =>
            _events.Enqueue((Interlocked.Increment(ref _sequence), key, owner, token, grant));
    }
}
