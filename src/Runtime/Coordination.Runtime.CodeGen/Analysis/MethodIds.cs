namespace Coordination.CodeGen.Analysis;

/// <summary>
/// Method ids are a hash of the method's name and parameter types, so adding or reordering methods does not
/// renumber the others. Both sides of a call use ids generated from the same interface assembly.
/// </summary>
internal static class MethodIds
{
    public static uint Hash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
