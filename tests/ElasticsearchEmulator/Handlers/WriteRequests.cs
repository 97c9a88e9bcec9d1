using System.Text;
using System.Text.Json;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Errors;
using Coordination.ElasticsearchEmulator.Http;
using Coordination.ElasticsearchEmulator.Search;

namespace Coordination.ElasticsearchEmulator.Handlers;

/// <summary>Parameters every document write shares, parsed with Elasticsearch's setter checks.</summary>
internal abstract class DocWriteRequest
{
    public required string IndexName { get; init; }

    public string? Id { get; set; }

    public string? Routing { get; set; }

    public RefreshPolicy Refresh { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(1);

    public long Version { get; set; } = Versions.MatchAny;

    public VersionType VersionType { get; set; } = VersionType.Internal;

    public long IfSeqNo { get; private set; } = Versions.UnassignedSeqNo;

    public long IfPrimaryTerm { get; private set; } = Versions.UnassignedPrimaryTerm;

    public bool RequireAlias { get; set; }

    /// <summary>Required active shard copies; null is the default (1), -1 is "all".</summary>
    public int? WaitForActiveShards { get; set; }

    public void SetIfSeqNo(long value)
    {
        if (value < 0 && value != Versions.UnassignedSeqNo)
        {
            throw EsErrors.IllegalArgument($"sequence numbers must be non negative. got [{value}].");
        }

        IfSeqNo = value;
    }

    public void SetIfPrimaryTerm(long value)
    {
        if (value < 0)
        {
            throw EsErrors.IllegalArgument($"primary term must be non negative. got [{value}]");
        }

        IfPrimaryTerm = value;
    }

    public static int? ParseActiveShardCount(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (text == "all")
        {
            return -1;
        }

        if (!JavaNumbers.TryParseInt(text, out var value))
        {
            throw EsErrors.IllegalArgument($"cannot parse ActiveShardCount[{text}]", EsErrors.NumberFormat(text));
        }

        if (value < 0)
        {
            throw EsErrors.IllegalArgument("shard count cannot be a negative value");
        }

        return value;
    }

    /// <summary>The version as the request reports it (create resolves "any" to "must not exist").</summary>
    public virtual long ResolvedVersion => Version;

    /// <summary>DocWriteRequest.validateSeqNoBasedCASParams.</summary>
    protected void ValidateCas(List<string> errors)
    {
        var version = ResolvedVersion;
        if (!VersionTypes.ValidateForWrites(VersionType, version))
        {
            errors.Add($"illegal version value [{version}] for version type [{VersionTypes.Name(VersionType)}]");
        }

        if (VersionType == VersionType.Internal && version != Versions.MatchAny && version != Versions.MatchDeleted)
        {
            errors.Add("internal versioning can not be used for optimistic concurrency control. Please use `if_seq_no` and `if_primary_term` instead");
        }

        if (IfSeqNo != Versions.UnassignedSeqNo && (VersionType != VersionType.Internal || version != Versions.MatchAny))
        {
            errors.Add("compare and write operations can not use versioning");
        }

        if (IfPrimaryTerm == Versions.UnassignedPrimaryTerm && IfSeqNo != Versions.UnassignedSeqNo)
        {
            errors.Add("ifSeqNo is set, but primary term is [0]");
        }

        if (IfPrimaryTerm != Versions.UnassignedPrimaryTerm && IfSeqNo == Versions.UnassignedSeqNo)
        {
            errors.Add($"ifSeqNo is unassigned, but primary term is [{IfPrimaryTerm}]");
        }
    }

    protected void ValidateIdLength(List<string> errors)
    {
        if (Id is null)
        {
            return;
        }

        if (Id.Length == 0)
        {
            errors.Add("if _id is specified it must not be empty");
            return;
        }

        var bytes = Encoding.UTF8.GetByteCount(Id);
        if (bytes > 512)
        {
            errors.Add($"id [{Id}] is too long, must be no longer than 512 bytes but was: {bytes}");
        }
    }

    public abstract List<string> Validate();
}

internal sealed class IndexDocRequest : DocWriteRequest
{
    public required byte[] Source { get; init; }

    public bool IsCreate { get; set; }

    public string? Pipeline { get; set; }

    public override long ResolvedVersion => IsCreate && Version == Versions.MatchAny ? Versions.MatchDeleted : Version;

    public void SetOpType(string opType)
    {
        IsCreate = opType.ToLowerInvariant() switch
        {
            "create" => true,
            "index" => false,
            _ => throw EsErrors.IllegalArgument($"opType must be 'create' or 'index', found: [{opType}]"),
        };
    }

    /// <summary>IndexRequest.validate: the create checks stop at the first failure, the rest accumulate.</summary>
    public override List<string> Validate()
    {
        var errors = new List<string>();
        if (IsCreate)
        {
            if (VersionType != VersionType.Internal)
            {
                errors.Add("create operations only support internal versioning. use index instead");
                return errors;
            }

            if (ResolvedVersion != Versions.MatchDeleted)
            {
                errors.Add("create operations do not support explicit versions. use index instead");
                return errors;
            }

            if (IfSeqNo != Versions.UnassignedSeqNo || IfPrimaryTerm != Versions.UnassignedPrimaryTerm)
            {
                errors.Add("create operations do not support compare and set. use index instead");
                return errors;
            }
        }

        if (Id is null && (VersionType != VersionType.Internal || (ResolvedVersion != Versions.MatchDeleted && ResolvedVersion != Versions.MatchAny)))
        {
            errors.Add("an id must be provided if version type or value are set");
        }

        ValidateCas(errors);
        ValidateIdLength(errors);
        if (Pipeline is { Length: 0 })
        {
            errors.Add("pipeline cannot be an empty string");
        }

        return errors;
    }

    /// <summary>IndexRequest.toString, as quoted in unavailable-shards messages.</summary>
    public string Describe()
    {
        var source = Encoding.UTF8.GetString(Source);
        var shown = source.Length > 2048 ? $"n/a, actual length: [{source.Length}], max length: 2048" : source;
        return $"index {{[{IndexName}][{Id}], source[{shown}]}}";
    }
}

internal sealed class DeleteDocRequest : DocWriteRequest
{
    public override List<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(Id))
        {
            errors.Add("id is missing");
        }

        ValidateCas(errors);
        ValidateIdLength(errors);
        return errors;
    }

    public string Describe() => $"delete {{[{IndexName}][{Id}]}}";
}

internal sealed class UpdateDocRequest : DocWriteRequest
{
    public JsonElement? Doc { get; set; }

    public JsonElement? Upsert { get; set; }

    public bool DocAsUpsert { get; set; }

    public bool DetectNoop { get; set; } = true;

    public bool HasScript { get; set; }

    public bool ScriptedUpsert { get; set; }

    public int RetryOnConflict { get; set; }

    public SourceFilter? FetchSource { get; set; }

    public override List<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(Id))
        {
            errors.Add("id is missing");
        }

        ValidateCas(errors);
        if (IfSeqNo != Versions.UnassignedSeqNo)
        {
            if (RetryOnConflict > 0)
            {
                errors.Add("compare and write operations can not be retried");
            }

            if (DocAsUpsert)
            {
                errors.Add("compare and write operations can not be used with upsert");
            }

            if (Upsert is not null)
            {
                errors.Add("upsert requests don't support `if_seq_no` and `if_primary_term`");
            }
        }

        if (!HasScript && Doc is null)
        {
            errors.Add("script or doc is missing");
        }

        if (HasScript && Doc is not null)
        {
            errors.Add("can't provide both script and doc");
        }

        if (Doc is null && DocAsUpsert)
        {
            errors.Add("doc must be specified if doc_as_upsert is enabled");
        }

        ValidateIdLength(errors);
        return errors;
    }

    public string Describe() => $"update {{[{IndexName}][{Id}]}}";
}
