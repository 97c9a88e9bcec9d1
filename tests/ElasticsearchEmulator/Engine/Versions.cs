namespace Coordination.ElasticsearchEmulator.Engine;

/// <summary>The sentinel values Elasticsearch uses for versions, sequence numbers and primary terms.</summary>
internal static class Versions
{
    public const long MatchAny = -3;
    public const long MatchDeleted = -4;
    public const long NotFound = -1;
    public const long UnassignedSeqNo = -2;
    public const long UnassignedPrimaryTerm = 0;
}
