namespace Coordination.Invocation;

/// <summary>The caller-side table of calls awaiting a response; a request leaves it when it completes.</summary>
internal interface IPendingCallRegistry
{
    void Remove(GrainRequest request);
}
