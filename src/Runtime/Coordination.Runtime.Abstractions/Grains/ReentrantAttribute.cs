namespace Coordination;

/// <summary>
/// Marks a grain class whose calls may all interleave at awaits. Turns still never run in parallel.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReentrantAttribute : Attribute
{
}
