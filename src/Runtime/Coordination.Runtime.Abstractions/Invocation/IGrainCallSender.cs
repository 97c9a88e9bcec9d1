using System.ComponentModel;

namespace Coordination.Invocation;

/// <summary>
/// Sends grain requests: the silo's runtime or a cluster client. <see cref="Send"/> never throws; a
/// request that cannot be sent is completed with the error instead.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IGrainCallSender
{
    IGrainFactory GrainFactory { get; }

    void Send(GrainRequest request);
}
