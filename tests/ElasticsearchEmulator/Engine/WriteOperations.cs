using System.Text.Json;
using Coordination.ElasticsearchEmulator.Errors;

namespace Coordination.ElasticsearchEmulator.Engine;

/// <summary>An index (or create) operation as it reaches the primary shard.</summary>
internal sealed record IndexOperation(
    string Id,
    byte[] Source,
    JsonElement SourceElement,
    string? Routing,
    bool IsCreate,
    long Version,
    VersionType VersionType,
    long IfSeqNo,
    long IfPrimaryTerm);

internal sealed record DeleteOperation(
    string Id,
    string? Routing,
    long Version,
    VersionType VersionType,
    long IfSeqNo,
    long IfPrimaryTerm);

/// <summary>The outcome of a write on the primary: the resulting document state, or the conflict that rejected it.</summary>
internal readonly record struct WriteOutcome(StoredDocument? Document, bool CreatedOrFound, EsException? Failure)
{
    public bool Succeeded => Failure is null;
}
