using System.ComponentModel;
using System.Threading.Tasks.Sources;
using Coordination.Serialization;

namespace Coordination.Invocation;

/// <summary>A grain call whose method produces a <typeparamref name="TResult"/>; generated code derives from it per method.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GrainRequest<TResult> : GrainRequest, IValueTaskSource<TResult>, IValueTaskSource
{
    private ManualResetValueTaskSourceCore<TResult> _completion;

    protected GrainRequest()
    {
        // The caller's continuation must not run on the activation's thread: it is arbitrary user code.
        _completion.RunContinuationsAsynchronously = true;
    }

    /// <summary>Calls the grain method.</summary>
    protected abstract ValueTask<TResult> InvokeCore(object grain);

    /// <summary>Writes a result in the grain wire format.</summary>
    protected abstract void WriteResult(ref CodecWriter writer, TResult result);

    /// <summary>Reads a result written by <see cref="WriteResult"/>.</summary>
    protected abstract TResult ReadResult(ref CodecReader reader);

    internal ValueTask<TResult> AsValueTask() => new(this, _completion.Version);

    internal ValueTask AsVoidValueTask() => new(this, _completion.Version);

    internal void WriteResultPayload(ref CodecWriter writer, TResult result) => WriteResult(ref writer, result);

    internal sealed override ValueTask<Exception?> InvokeAsync(object grain)
    {
        ValueTask<TResult> pending;
        try
        {
            pending = InvokeCore(grain);
        }
        catch (Exception exception)
        {
            Reply(exception);
            return new ValueTask<Exception?>(exception);
        }

        if (pending.IsCompletedSuccessfully)
        {
            Reply(pending.Result);
            return default;
        }

        return AwaitAndReplyAsync(pending);
    }

    internal sealed override bool Fail(Exception exception)
    {
        if (!TryMarkCompleted())
        {
            return false;
        }

        if (ResponseSink is { } sink)
        {
            // A forwarded call failed on the way (timeout, lost silo): its original caller is told.
            sink.SendException(this, ExceptionConverter.Capture(exception));
            return true;
        }

        _completion.SetException(exception);
        return true;
    }

    internal sealed override void CompleteFromResult(ref CodecReader reader)
    {
        TResult result;
        try
        {
            result = ReadResult(ref reader);
        }
        catch (GrainCodecException exception)
        {
            Fail(new GrainCodecException($"The response to {this} could not be read: {exception.Message}"));
            return;
        }

        // A call this silo forwarded: the answer goes on to the silo or client that sent it here.
        if (ResponseSink is { } sink)
        {
            if (TryMarkCompleted())
            {
                sink.SendResult(this, result);
            }

            return;
        }

        if (TryMarkCompleted())
        {
            _completion.SetResult(result);
        }
    }

    // The await captures the activation's synchronization context, so the reply is sent from a turn.
    private async ValueTask<Exception?> AwaitAndReplyAsync(ValueTask<TResult> pending)
    {
        TResult result;
        try
        {
            result = await pending;
        }
        catch (Exception exception)
        {
            Reply(exception);
            return exception;
        }

        Reply(result);
        return null;
    }

    // Whichever outcome claims the call first is the only answer its caller ever gets.
    private void Reply(TResult result)
    {
        if (!TryMarkCompleted())
        {
            return;
        }

        if (ResponseSink is { } sink)
        {
            sink.SendResult(this, result);
        }
        else
        {
            _completion.SetResult(result);
        }
    }

    private void Reply(Exception exception)
    {
        if (!TryMarkCompleted())
        {
            return;
        }

        var info = ExceptionConverter.Capture(exception);
        if (ResponseSink is { } sink)
        {
            sink.SendException(this, info);
        }
        else
        {
            _completion.SetException(ExceptionConverter.Rebuild(info));
        }
    }

    TResult IValueTaskSource<TResult>.GetResult(short token) => _completion.GetResult(token);

    void IValueTaskSource.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<TResult>.GetStatus(short token) => _completion.GetStatus(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource<TResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);
}
