namespace Coordination.Storage;

/// <summary>
/// On a grain constructor parameter of type <see cref="IPersistentState{TState}"/>: binds it to the named
/// state in the named storage provider (the default provider when <paramref name="storageName"/> is null).
/// The state is read before <c>OnActivateAsync</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    public string StateName { get; } = stateName;

    public string? StorageName { get; } = storageName;
}
