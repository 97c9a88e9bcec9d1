namespace Coordination.EndToEnd.Tests.Processes;

/// <summary>One silo process of a <see cref="ProcessCluster"/>, with the endpoints its start-up line announced.</summary>
internal sealed record SiloProcess(string Name, ChildProcess Process, string SiloAddress, string Gateway);
