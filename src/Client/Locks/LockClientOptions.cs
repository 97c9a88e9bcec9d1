using Coordination.Locks;

namespace Coordination.Client;

/// <summary>How lock handles acquire, renew and give up.</summary>
public sealed class LockClientOptions
{
    /// <summary>The lease asked for. Default 30 seconds. The handle renews it in the background while held.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a held lock is renewed. Default null: a third of <see cref="Lease"/>.</summary>
    public TimeSpan? RenewInterval { get; set; }

    /// <summary>
    /// How much sooner than the lease end the handle considers the lock lost when renewals fail, to allow
    /// for clock drift and delays. Default 1 second (never more than a tenth of the lease).
    /// </summary>
    public TimeSpan SafetyMargin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest single wait asked of a lock grain; longer waits are made of several. Default 1 minute; it
    /// must not exceed the silo's <c>Coordination:Locks:MaxWait</c>.
    /// </summary>
    public TimeSpan MaxWaitPerCall { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The first delay before retrying after a transient failure; it doubles up to a second. Default 50 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How long a waiting acquisition may go unanswered beyond the wait it asked for before it is cancelled (which
    /// takes it out of the queue) and counted as a call whose outcome is unknown. Default 30 seconds, Orleans' own
    /// response timeout. <see cref="ILockGrain"/>'s <c>Acquire</c> has a response timeout of a day, so that long waits
    /// work; without this bound a wait whose answer was lost with its gateway would hang for that day.
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal TimeSpan EffectiveRenewInterval => RenewInterval ?? Lease / 3;

    internal TimeSpan EffectiveSafetyMargin => SafetyMargin < Lease / 10 ? SafetyMargin : Lease / 10;

    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; the parameter name is the setting's.</exception>
    internal void Validate()
    {
        if (FindProblem() is { } problem)
        {
            throw new ArgumentOutOfRangeException(problem.Setting, problem.Value, problem.Message);
        }
    }

    /// <summary>The first setting out of range, with a message naming it; null when all are fine.</summary>
    internal (string Setting, object? Value, string Message)? FindProblem()
    {
        foreach (var (name, value) in new[]
        {
            (nameof(Lease), Lease),
            (nameof(RenewInterval), EffectiveRenewInterval),
            (nameof(MaxWaitPerCall), MaxWaitPerCall),
            (nameof(RetryDelay), RetryDelay),
            (nameof(CallTimeout), CallTimeout),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                return (name, value, $"{name} must be positive; it was {value}.");
            }
        }

        if (SafetyMargin < TimeSpan.Zero)
        {
            return (nameof(SafetyMargin), SafetyMargin, $"SafetyMargin must not be negative; it was {SafetyMargin}.");
        }

        if (EffectiveRenewInterval >= Lease)
        {
            return (nameof(RenewInterval), RenewInterval, $"RenewInterval must be shorter than the lease ({Lease}), or the lock expires between renewals.");
        }

        return null;
    }
}
