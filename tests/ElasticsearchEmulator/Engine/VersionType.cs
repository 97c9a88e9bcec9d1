using Coordination.ElasticsearchEmulator.Errors;

namespace Coordination.ElasticsearchEmulator.Engine;

internal enum VersionType
{
    Internal,
    External,
    ExternalGte,
}

/// <summary>The rules of Elasticsearch's <c>VersionType</c> enum: conflicts, explanations and the next version.</summary>
internal static class VersionTypes
{
    public static VersionType Parse(string? text, VersionType defaultValue) => text switch
    {
        null => defaultValue,
        "internal" => VersionType.Internal,
        "external" or "external_gt" => VersionType.External,
        "external_gte" => VersionType.ExternalGte,
        _ => throw EsErrors.IllegalArgument($"No version type match [{text}]"),
    };

    public static string Name(VersionType type) => type switch
    {
        VersionType.Internal => "INTERNAL",
        VersionType.External => "EXTERNAL",
        _ => "EXTERNAL_GTE",
    };

    public static bool ValidateForWrites(VersionType type, long version) => type == VersionType.Internal
        ? version > 0 || version == Versions.MatchAny || version == Versions.MatchDeleted
        : version >= 0;

    public static bool ValidateForReads(VersionType type, long version) => version >= 0 || version == Versions.MatchAny;

    public static bool IsConflictForWrites(VersionType type, long current, long expected, bool deleted)
    {
        switch (type)
        {
            case VersionType.Internal:
                if (expected == Versions.MatchAny)
                {
                    return false;
                }

                if (expected == Versions.MatchDeleted)
                {
                    return !deleted;
                }

                return current != expected;
            case VersionType.External:
                if (current == Versions.NotFound)
                {
                    return false;
                }

                return expected == Versions.MatchAny || current >= expected;
            default:
                if (current == Versions.NotFound)
                {
                    return false;
                }

                return expected == Versions.MatchAny || current > expected;
        }
    }

    public static string ExplainConflictForWrites(VersionType type, long current, long expected) => type switch
    {
        VersionType.Internal when expected == Versions.MatchDeleted => $"document already exists (current version [{current}])",
        VersionType.Internal when current == Versions.NotFound => $"document does not exist (expected version [{expected}])",
        VersionType.Internal => $"current version [{current}] is different than the one provided [{expected}]",
        VersionType.External => $"current version [{current}] is higher or equal to the one provided [{expected}]",
        _ => $"current version [{current}] is higher than the one provided [{expected}]",
    };

    public static bool IsConflictForReads(VersionType type, long current, long expected)
    {
        if (expected == Versions.MatchAny)
        {
            return false;
        }

        if (type == VersionType.Internal && expected == Versions.MatchDeleted)
        {
            return false;
        }

        return current == Versions.NotFound || current != expected;
    }

    public static string ExplainConflictForReads(VersionType type, long current, long expected) =>
        type == VersionType.Internal && current == Versions.NotFound
            ? $"document does not exist (expected version [{expected}])"
            : $"current version [{current}] is different than the one provided [{expected}]";

    public static long UpdateVersion(VersionType type, long current, long expected) => type == VersionType.Internal
        ? (current == Versions.NotFound ? 1 : current + 1)
        : expected;
}
