namespace Coordination;

/// <summary>
/// On a <see cref="TimeSpan"/> (or nullable) parameter of a grain method: the call's deadline is the
/// configured call timeout plus this parameter's value. Use it for a wait the grain may spend before it
/// answers, such as a lock acquisition that queues, so the caller does not give up before the grain does.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ExtendsDeadlineAttribute : Attribute
{
}
