namespace Coordination;

/// <summary>Marker for grain interfaces: every grain interface derives from it, usually through a keyed variant.</summary>
public interface IGrain
{
}

/// <summary>Marker for grains identified by a string key.</summary>
public interface IGrainWithStringKey : IGrain
{
}
