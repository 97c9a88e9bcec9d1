namespace Coordination;

/// <summary>
/// Marks a grain interface method whose calls may start while another call to the same activation is
/// awaiting something. Turns still never run in parallel: interleaving only happens at awaits.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class AlwaysInterleaveAttribute : Attribute
{
}
