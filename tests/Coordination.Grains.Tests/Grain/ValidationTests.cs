using Coordination.Locks;

namespace Coordination.Grains.Tests.Grain;

/// <summary>Bad input gets a clear error that names the parameter and the limit, and changes nothing.</summary>
public abstract class ValidationTests : LockStoreTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    public static TheoryData<string?, string> BadOwners => new()
    {
        { null, "owner must not be null" },
        { "", "owner must not be empty or whitespace" },
        { "   ", "owner must not be empty or whitespace" },
        { new string('o', 257), "owner must be at most 256 characters; it was 257" },
    };

    [Theory]
    [MemberData(nameof(BadOwners))]
    public async Task A_bad_owner_is_refused_everywhere_and_nothing_changes(string? owner, string message)
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        await grain.TryAcquire("a", Lease);
        var writesBefore = locks.Writes;

        foreach (var call in new Func<Task>[]
        {
            () => grain.TryAcquire(owner!, Lease).AsTask(),
            () => grain.Acquire(owner!, TimeSpan.FromSeconds(1), Lease),
            () => grain.Release(owner!, 1),
            () => grain.Renew(owner!, 1, Lease),
        })
        {
            var error = await Assert.ThrowsAnyAsync<ArgumentException>(call);
            Assert.Equal("owner", error.ParamName);
            Assert.Contains(message, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(writesBefore, locks.Writes);
        Assert.Equal(new LockStatus("a", 1, locks.Clock.GetUtcNow() + Lease, 0), await grain.GetStatus());
    }

    [Fact]
    public async Task An_owner_of_exactly_256_characters_is_accepted()
    {
        await using var locks = await StartLocksAsync();
        Assert.True((await locks.Lock("k").TryAcquire(new string('o', 256), Lease)).Acquired);
    }

    [Fact]
    public async Task A_key_over_512_utf8_bytes_is_refused_before_any_call()
    {
        await using var locks = await StartLocksAsync();
        var error = Assert.Throws<ArgumentException>(() => locks.Lock(new string('k', 513)));
        Assert.Equal("key", error.ParamName);
        Assert.Contains("at most 512 UTF-8 bytes", error.Message, StringComparison.Ordinal);
        Assert.True((await locks.Lock(new string('k', 512)).TryAcquire("a", Lease)).Acquired);
    }

    [Theory]
    [InlineData("00:00:00", "lease must be positive")]
    [InlineData("-00:00:01", "lease must be positive")]
    [InlineData("01:00:00.001", "lease must be at most 01:00:00")]
    public async Task A_lease_that_is_not_positive_or_above_the_maximum_is_refused(string lease, string message)
    {
        await using var locks = await StartLocksAsync();
        var value = TimeSpan.Parse(lease, System.Globalization.CultureInfo.InvariantCulture);
        var grain = locks.Lock("k");

        foreach (var call in new Func<Task>[]
        {
            () => grain.TryAcquire("a", value).AsTask(),
            () => grain.Acquire("a", TimeSpan.FromSeconds(1), value),
            () => grain.Renew("a", 1, value),
        })
        {
            var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(call);
            Assert.Equal("lease", error.ParamName);
            Assert.Contains(message, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, locks.Writes);
    }

    [Theory]
    [InlineData("00:00:00", "waitTimeout must be positive")]
    [InlineData("01:00:01", "waitTimeout must be at most 01:00:00")]
    public async Task A_wait_that_is_not_positive_or_above_the_maximum_is_refused(string wait, string message)
    {
        await using var locks = await StartLocksAsync();
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => locks.Lock("k").Acquire("a", TimeSpan.Parse(wait, System.Globalization.CultureInfo.InvariantCulture), Lease));
        Assert.Equal("waitTimeout", error.ParamName);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task A_token_below_one_is_malformed_input(long token)
    {
        await using var locks = await StartLocksAsync();
        var grain = locks.Lock("k");
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.Release("a", token));
        Assert.Equal("fencingToken", error.ParamName);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.Renew("a", token, Lease));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public async Task A_force_release_needs_a_reason(string reason)
    {
        await using var locks = await StartLocksAsync();
        await locks.Lock("k").TryAcquire("a", Lease);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => locks.Lock("k").ForceRelease(reason));
        Assert.Equal("reason", error.ParamName);
        Assert.Equal("a", (await locks.Lock("k").GetStatus()).Holder);
    }

    [Fact]
    public async Task Bad_lock_options_fail_start_up_naming_the_setting_and_its_range()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => StartLocksAsync(o => o.DefaultLease = TimeSpan.FromHours(2)));
        Assert.Contains("Coordination:Locks:DefaultLease is 02:00:00; it must be between 00:00:00.0010000 and 01:00:00.", error.Message, StringComparison.Ordinal);
    }
}
