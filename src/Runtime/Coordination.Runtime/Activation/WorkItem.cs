namespace Coordination.Runtime.Activation;

/// <summary>A callback to run as a turn of an activation: an await continuation or a runtime check.</summary>
internal readonly record struct WorkItem(SendOrPostCallback Callback, object? State);
