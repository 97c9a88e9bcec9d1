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

    internal TimeSpan EffectiveRenewInterval => RenewInterval ?? Lease / 3;

    internal TimeSpan EffectiveSafetyMargin => SafetyMargin < Lease / 10 ? SafetyMargin : Lease / 10;

    internal void Validate()
    {
        Positive(Lease, nameof(Lease));
        Positive(EffectiveRenewInterval, nameof(RenewInterval));
        Positive(MaxWaitPerCall, nameof(MaxWaitPerCall));
        Positive(RetryDelay, nameof(RetryDelay));
        if (SafetyMargin < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SafetyMargin), SafetyMargin, "SafetyMargin must not be negative.");
        }

        if (EffectiveRenewInterval >= Lease)
        {
            throw new ArgumentOutOfRangeException(nameof(RenewInterval), RenewInterval, $"RenewInterval must be shorter than the lease ({Lease}), or the lock expires between renewals.");
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive; it was {value}.");
        }
    }
}
