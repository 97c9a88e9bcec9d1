namespace Coordination;

/// <summary>A grain could not be activated (its constructor, a state read or OnActivateAsync failed).</summary>
public sealed class GrainActivationException(string message, Exception? innerException = null)
    : Exception(message, innerException);
