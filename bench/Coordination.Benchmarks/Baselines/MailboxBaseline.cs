using System.Threading.Channels;

namespace Coordination.Benchmarks.Baselines;

/// <summary>
/// The bare minimum an in-process actor needs: a channel with one reader that answers each message
/// through a TaskCompletionSource. It does the same work as the benchmark grain.
/// </summary>
internal sealed class MailboxBaseline : IAsyncDisposable
{
    private readonly Channel<(int Value, TaskCompletionSource<int> Reply)> _mailbox =
        Channel.CreateUnbounded<(int, TaskCompletionSource<int>)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Task _reader;
    private int _calls;

    public MailboxBaseline()
    {
        _reader = Task.Run(ReadAsync);
    }

    public async ValueTask<int> PingAsync(int value)
    {
        var reply = new TaskCompletionSource<int>();
        await _mailbox.Writer.WriteAsync((value, reply));
        return await reply.Task;
    }

    private async Task ReadAsync()
    {
        var reader = _mailbox.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var message))
            {
                message.Reply.SetResult(message.Value + ++_calls);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _mailbox.Writer.Complete();
        await _reader;
    }
}
