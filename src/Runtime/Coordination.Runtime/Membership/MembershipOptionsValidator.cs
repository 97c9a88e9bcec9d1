using Coordination.Runtime.Configuration;
using Microsoft.Extensions.Options;

namespace Coordination.Runtime.Membership;

/// <summary>Fails start-up with a message that names the bad setting and its allowed range.</summary>
public sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        var failures = new List<string>();
        const string section = MembershipOptions.SectionName;
        OptionRules.Range(failures, $"{section}:ProbeInterval", options.ProbeInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        OptionRules.Range(failures, $"{section}:ProbeTimeout", options.ProbeTimeout, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        OptionRules.Range(failures, $"{section}:MissedProbesLimit", options.MissedProbesLimit, 1, 100);
        OptionRules.Range(failures, $"{section}:ProbedSilos", options.ProbedSilos, 1, 100);
        OptionRules.Range(failures, $"{section}:VotesForDeath", options.VotesForDeath, 1, 100);
        OptionRules.Range(failures, $"{section}:VoteExpiration", options.VoteExpiration, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        OptionRules.Range(failures, $"{section}:HeartbeatInterval", options.HeartbeatInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));
        OptionRules.Range(failures, $"{section}:DefunctSiloRetention", options.DefunctSiloRetention, TimeSpan.FromMinutes(1), TimeSpan.FromDays(365));
        OptionRules.Range(failures, $"{section}:TableRefreshInterval", options.TableRefreshInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
