using System.ComponentModel;

namespace Coordination.Invocation;

/// <summary>
/// Base of generated grain proxies. A reference is an id plus the sender it is bound to; it is cheap to
/// create, compares equal by grain id, and can be passed as a call argument.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GrainReference : IEquatable<GrainReference>
{
    private readonly IGrainCallSender _sender;

    protected GrainReference(GrainId grainId, IGrainCallSender sender)
    {
        GrainId = grainId;
        _sender = sender ?? throw new ArgumentNullException(nameof(sender));
    }

    public GrainId GrainId { get; }

    /// <summary>The full name of the grain interface this proxy implements.</summary>
    public abstract string InterfaceName { get; }

    protected ValueTask<TResult> SendAsync<TResult>(GrainRequest<TResult> request, CancellationToken cancellationToken = default)
    {
        Dispatch(request, cancellationToken);
        return request.AsValueTask();
    }

    protected ValueTask SendVoidAsync(GrainRequest<VoidResult> request, CancellationToken cancellationToken = default)
    {
        Dispatch(request, cancellationToken);
        return request.AsVoidValueTask();
    }

    protected Task<TResult> SendTaskAsync<TResult>(GrainRequest<TResult> request, CancellationToken cancellationToken = default) =>
        SendAsync(request, cancellationToken).AsTask();

    protected Task SendVoidTaskAsync(GrainRequest<VoidResult> request, CancellationToken cancellationToken = default)
    {
        var pending = SendVoidAsync(request, cancellationToken);
        return pending.IsCompletedSuccessfully ? Task.CompletedTask : pending.AsTask();
    }

    private void Dispatch(GrainRequest request, CancellationToken cancellationToken)
    {
        request.Target = GrainId;
        if (cancellationToken.IsCancellationRequested)
        {
            request.Fail(new OperationCanceledException(cancellationToken));
            return;
        }

        request.CallCancellationToken = cancellationToken;
        _sender.Send(request);
    }

    public bool Equals(GrainReference? other) => other is not null && GrainId.Equals(other.GrainId);

    public override bool Equals(object? obj) => Equals(obj as GrainReference);

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => $"{InterfaceName}:{GrainId}";
}
