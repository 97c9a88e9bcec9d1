using Coordination.Locks;

namespace Coordination.Grains.Tests.Grain;

/// <summary>Bad input gets a clear error that names the parameter and the limit, and changes nothing: no write, no read.</summary>
public abstract class ValidationTests(LockClusterFixture fixture) : LockSuite(fixture)
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
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);
        var (writesBefore, readsBefore) = (Locks.Writes(key), Locks.Reads(key));

        foreach (var call in new Func<Task>[]
        {
            () => grain.TryAcquire(owner!, Lease).AsTask(),
            () => grain.Acquire(owner!, TimeSpan.FromSeconds(1), Lease),
            () => grain.Release(owner!, 1),
            () => grain.Renew(owner!, 1, Lease),
        })
        {
            var error = await Assert.ThrowsAnyAsync<ArgumentException>(call);
            AssertNames(error, "owner");
            Assert.Contains(message, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal((writesBefore, readsBefore), (Locks.Writes(key), Locks.Reads(key)));
        Assert.Equal(new LockStatus("a", 1, Clock.GetUtcNow() + Lease, 0), await grain.GetStatus());
    }

    [Fact]
    public async Task An_owner_of_exactly_256_characters_is_accepted()
    {
        var key = NewKey();
        var owner = new string('o', 256);
        Assert.Equal((true, owner), ((await Locks.Lock(key).TryAcquire(owner, Lease)).Acquired, (await Locks.ReadStoredAsync(key)).Owner));
    }

    [Fact]
    public async Task A_key_over_512_utf8_bytes_is_refused_on_every_call_without_touching_the_store()
    {
        // 171 three-byte characters: 513 UTF-8 bytes in 171 characters.
        var key = new string('€', 171);
        var grain = Locks.Lock(key);

        foreach (var call in new Func<Task>[]
        {
            () => grain.TryAcquire("a", Lease).AsTask(),
            () => grain.Acquire("a", TimeSpan.FromSeconds(1), Lease),
            () => grain.Release("a", 1),
            () => grain.Renew("a", 1, Lease),
            () => grain.GetStatus().AsTask(),
            () => grain.ForceRelease("why"),
        })
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(call);
            AssertNames(error, "key");
            Assert.Contains("at most 512 UTF-8 bytes (the Elasticsearch _id limit); this one is 513 bytes", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal((0L, 0L), (Locks.Writes(key), Locks.Reads(key)));
        var longest = NewKey().PadRight(509, 'k') + "€";
        Assert.True((await Locks.Lock(longest).TryAcquire("a", Lease)).Acquired);
    }

    [Theory]
    [InlineData("00:00:00", "lease must be positive")]
    [InlineData("-00:00:01", "lease must be positive")]
    [InlineData("01:00:00.001", "lease must be at most 01:00:00")]
    public async Task A_lease_that_is_not_positive_or_above_the_maximum_is_refused(string lease, string message)
    {
        var key = NewKey();
        var value = TimeSpan.Parse(lease, System.Globalization.CultureInfo.InvariantCulture);
        var grain = Locks.Lock(key);

        foreach (var call in new Func<Task>[]
        {
            () => grain.TryAcquire("a", value).AsTask(),
            () => grain.Acquire("a", TimeSpan.FromSeconds(1), value),
            () => grain.Renew("a", 1, value),
        })
        {
            var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(call);
            AssertNames(error, "lease");
            Assert.Contains(message, error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(0, Locks.Writes(key));
        Assert.Equal(new LockStatus(null, 0, null, 0), await grain.GetStatus());
    }

    [Theory]
    [InlineData("00:00:00", "waitTimeout must be positive")]
    [InlineData("01:00:00.001", "waitTimeout must be at most 01:00:00")]
    public async Task A_wait_that_is_not_positive_or_above_the_maximum_is_refused(string wait, string message)
    {
        var key = NewKey();
        await Locks.Lock(key).TryAcquire("a", Lease);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => Locks.Lock(key).Acquire("b", TimeSpan.Parse(wait, System.Globalization.CultureInfo.InvariantCulture), Lease));

        AssertNames(error, "waitTimeout");
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await Locks.Lock(key).GetStatus()).QueueLength);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task A_token_below_one_is_malformed_input(long token)
    {
        var key = NewKey();
        var grain = Locks.Lock(key);
        await grain.TryAcquire("a", Lease);

        var release = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.Release("a", token));
        var renew = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => grain.Renew("a", token, Lease));

        AssertNames(release, "fencingToken");
        AssertNames(renew, "fencingToken");
        Assert.Contains("A fencing token is at least 1", release.Message, StringComparison.Ordinal);
        Assert.Equal("a", (await grain.GetStatus()).Holder);
    }

    [Theory]
    [InlineData("", "reason must not be empty or whitespace")]
    [InlineData(" ", "reason must not be empty or whitespace")]
    [InlineData(null, "reason must not be null")]
    public async Task A_force_release_needs_a_reason(string? reason, string message)
    {
        var key = NewKey();
        await Locks.Lock(key).TryAcquire("a", Lease);
        var writesBefore = Locks.Writes(key);

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => Locks.Lock(key).ForceRelease(reason!));

        AssertNames(error, "reason");
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(writesBefore, Locks.Writes(key));
        Assert.Equal("a", (await Locks.Lock(key).GetStatus()).Holder);
    }

    /// <summary>
    /// Orleans carries an exception's type and message to the caller, not <see cref="ArgumentException.ParamName"/>; the
    /// message names the parameter.
    /// </summary>
    private static void AssertNames(ArgumentException error, string parameter) =>
        Assert.Contains($" (Parameter '{parameter}')", error.Message, StringComparison.Ordinal);

    [Fact]
    public async Task A_force_release_reason_over_1024_characters_is_refused()
    {
        var key = NewKey();
        await Locks.Lock(key).TryAcquire("a", Lease);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Locks.Lock(key).ForceRelease(new string('r', 1025)));

        Assert.Contains("reason must be at most 1024 characters; it was 1025", error.Message, StringComparison.Ordinal);
        Assert.True(await Locks.Lock(key).ForceRelease(new string('r', 1024)));
    }
}
