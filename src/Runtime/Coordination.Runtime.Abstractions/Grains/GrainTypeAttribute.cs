namespace Coordination;

/// <summary>
/// Names the grain type of a grain interface (the <c>type</c> in <c>type/key</c>). Without it the name is
/// derived from the interface: <c>ILockGrain</c> becomes <c>lock</c>. The name is part of every message and
/// stored identity, so changing it orphans existing grains.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
