using System.ComponentModel;
using Coordination.Serialization;

namespace Coordination.Invocation;

/// <summary>Where the callee's outcome goes when the caller is in another process.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IResponseSink
{
    void SendResult<TResult>(GrainRequest<TResult> request, TResult result);

    void SendException(GrainRequest request, ExceptionInfo exception);
}
