using System.Threading.Channels;

namespace Coordination.Benchmarks.Baselines;

/// <summary>
/// A lock table as bare mailbox actors, one per key like the lock grain: a channel with one reader per
/// key, replies through TaskCompletionSource, owner and fencing token in memory, no store. The contention
/// scenario's grain numbers are reported against it.
/// </summary>
internal sealed class MailboxLockBaseline : IAsyncDisposable
{
    private readonly Dictionary<string, KeyActor> _actors;

    public MailboxLockBaseline(IEnumerable<string> keys)
    {
        _actors = keys.ToDictionary(k => k, _ => new KeyActor(), StringComparer.Ordinal);
    }

    /// <summary>The new fencing token, or 0 when another owner holds the key.</summary>
    public Task<long> TryAcquireAsync(string key, string owner) => _actors[key].SendAsync(owner, token: 0);

    /// <summary>1 when released, 0 when the owner or token is not current.</summary>
    public Task<long> ReleaseAsync(string key, string owner, long token) => _actors[key].SendAsync(owner, token);

    public async ValueTask DisposeAsync()
    {
        foreach (var actor in _actors.Values)
        {
            await actor.DisposeAsync();
        }
    }

    private sealed class KeyActor : IAsyncDisposable
    {
        private readonly Channel<(string Owner, long Token, TaskCompletionSource<long> Reply)> _mailbox =
            Channel.CreateUnbounded<(string, long, TaskCompletionSource<long>)>(new UnboundedChannelOptions { SingleReader = true });

        private readonly Task _reader;
        private string? _owner;
        private long _token;

        public KeyActor()
        {
            _reader = Task.Run(ReadAsync);
        }

        public Task<long> SendAsync(string owner, long token)
        {
            var reply = new TaskCompletionSource<long>();
            _mailbox.Writer.TryWrite((owner, token, reply));
            return reply.Task;
        }

        private async Task ReadAsync()
        {
            var reader = _mailbox.Reader;
            while (await reader.WaitToReadAsync())
            {
                while (reader.TryRead(out var message))
                {
                    message.Reply.SetResult(message.Token == 0 ? TryAcquire(message.Owner) : Release(message.Owner, message.Token));
                }
            }
        }

        private long TryAcquire(string owner)
        {
            if (_owner is not null)
            {
                return 0;
            }

            _owner = owner;
            return ++_token;
        }

        private long Release(string owner, long token)
        {
            if (_owner != owner || _token != token)
            {
                return 0;
            }

            _owner = null;
            return 1;
        }

        public async ValueTask DisposeAsync()
        {
            _mailbox.Writer.Complete();
            await _reader;
        }
    }
}
