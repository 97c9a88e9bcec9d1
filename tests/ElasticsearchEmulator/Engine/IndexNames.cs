using System.Text;
using Coordination.ElasticsearchEmulator.Errors;

namespace Coordination.ElasticsearchEmulator.Engine;

/// <summary>Elasticsearch's index name rules (MetadataCreateIndexService.validateIndexOrAliasName and lowercase).</summary>
internal static class IndexNames
{
    private const string InvalidCharacters = "[ , \", *, \\, <, |, ,, >, /, ?]";

    public static void Validate(string name)
    {
        if (name.IndexOfAny(['\\', '/', '*', '?', '"', '<', '>', '|', ' ', ',']) >= 0)
        {
            throw EsErrors.InvalidIndexName(name, "must not contain the following characters " + InvalidCharacters);
        }

        if (name.Length == 0)
        {
            throw EsErrors.InvalidIndexName(name, "must not be empty");
        }

        if (name.Contains('#'))
        {
            throw EsErrors.InvalidIndexName(name, "must not contain '#'");
        }

        if (name.Contains(':'))
        {
            throw EsErrors.InvalidIndexName(name, "must not contain ':'");
        }

        if (name[0] is '_' or '-' or '+')
        {
            throw EsErrors.InvalidIndexName(name, "must not start with '_', '-', or '+'");
        }

        var bytes = Encoding.UTF8.GetByteCount(name);
        if (bytes > 255)
        {
            throw EsErrors.InvalidIndexName(name, $"index name is too long, ({bytes} > 255)");
        }

        if (name is "." or "..")
        {
            throw EsErrors.InvalidIndexName(name, "must not be '.' or '..'");
        }

        if (!string.Equals(name.ToLowerInvariant(), name, StringComparison.Ordinal))
        {
            throw EsErrors.InvalidIndexName(name, "must be lowercase");
        }
    }
}
