using Microsoft.Extensions.Options;

namespace Coordination.Persistence.Elasticsearch;

/// <summary>Checks the membership settings at start-up, naming each bad setting and what would be accepted.</summary>
/// <param name="lockIndex">The grain storage's index, when known: the membership index must be another one.</param>
public sealed class ElasticsearchMembershipOptionsValidator(string? lockIndex = null) : IValidateOptions<ElasticsearchMembershipOptions>
{
    private const string Section = ElasticsearchMembershipOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, ElasticsearchMembershipOptions options)
    {
        var failures = new List<string>();
        IndexNameRules.Validate(failures, $"{Section}:Index", options.Index, "coordination-membership");

        // Both indices name their template after themselves: sharing one would make each install replace the
        // other's mappings.
        if (lockIndex is not null && string.Equals(options.Index, lockIndex, StringComparison.Ordinal))
        {
            failures.Add(
                $"{Section}:Index is '{options.Index}', the index of the lock documents ({ElasticsearchStorageOptions.SectionName}:Index); "
                + "give the membership table its own index, such as coordination-membership.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
