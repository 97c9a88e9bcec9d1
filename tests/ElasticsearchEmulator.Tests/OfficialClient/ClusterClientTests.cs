using Coordination.ElasticsearchEmulator.Tests.Infrastructure;
using Elastic.Clients.Elasticsearch;

namespace Coordination.ElasticsearchEmulator.Tests.OfficialClient;

/// <summary>GET /, ping and cluster health through the official 9.x client, and what it puts on the wire.</summary>
public sealed class ClusterClientTests(EsFixture fixture) : OfficialClientTestBase(fixture)
{
    [Fact]
    public async Task Info_is_accepted_as_a_9x_elasticsearch()
    {
        var info = await Client.InfoAsync(Cancel);

        Assert.True(info.IsValidResponse, info.DebugInformation);
        Assert.Equal(200, StatusOf(info));
        Assert.StartsWith("9.", info.Version.Number);
        Assert.Equal("You Know, for Search", info.Tagline);
        if (IsEmulator)
        {
            Assert.Equal(EmulatorOptions.DefaultVersion, info.Version.Number);
            Assert.Equal("coordination-emulator", info.ClusterName);
        }

        // What the client sent: the version-9 vendor media type (no body, so no Content-Type).
        var sent = Wire.Last;
        Assert.Equal("application/vnd.elasticsearch+json; compatible-with=9", sent.RequestHeader("Accept"));
        await AssertRawReplayAgreesAsync();
    }

    [Fact]
    public async Task Answers_carry_the_vendor_media_type_of_the_requested_version()
    {
        var info = await Client.InfoAsync(Cancel);
        Assert.True(info.IsValidResponse, info.DebugInformation);
        Assert.Equal("application/vnd.elasticsearch+json;compatible-with=9", info.ApiCallDetails.ResponseContentType?.Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ping_succeeds()
    {
        var ping = await Client.PingAsync(Cancel);
        Assert.True(ping.IsValidResponse, ping.DebugInformation);
        Assert.Equal(200, StatusOf(ping));
        Assert.Equal("HEAD", Wire.Last.Method);
    }

    [Fact]
    public async Task Health_waits_for_yellow()
    {
        var index = NewTwinIndex();
        var created = await Client.Indices.CreateAsync(index, Cancel);
        Assert.True(created.IsValidResponse, created.DebugInformation);

        var indexHealth = await Client.Cluster.HealthAsync(index, r => r.WaitForStatus(HealthStatus.Yellow).Timeout("5s"), Cancel);
        Assert.True(indexHealth.IsValidResponse, indexHealth.DebugInformation);
        Assert.Equal(200, StatusOf(indexHealth));
        Assert.False(indexHealth.TimedOut);
        Assert.Equal(HealthStatus.Yellow, indexHealth.Status);
        Assert.Equal(1, indexHealth.ActivePrimaryShards);
        await AssertRawReplayAgreesAsync();

        // Cluster-wide figures count every index on the node (the twins included), so only the outcome is compared.
        var health = await Client.Cluster.HealthAsync(r => r.WaitForStatus(HealthStatus.Yellow), Cancel);
        Assert.True(health.IsValidResponse, health.DebugInformation);
        Assert.False(health.TimedOut);
        Assert.Contains(health.Status, new[] { HealthStatus.Yellow, HealthStatus.Green });
        EsAssert.Status(200, await Es.GetAsync("/_cluster/health?wait_for_status=yellow", Cancel));
    }

    [Fact]
    public async Task Health_that_times_out_is_a_408_the_client_still_parses()
    {
        RequireClock("a green wait on a one-node cluster with a replica can only time out");
        var index = NewTwinIndex();
        Assert.True((await Client.Indices.CreateAsync(index, Cancel)).IsValidResponse);

        var health = await Client.Cluster.HealthAsync(index, r => r.WaitForStatus(HealthStatus.Green).Timeout("0s"), Cancel);
        Assert.Equal(408, StatusOf(health));
        Assert.True(health.TimedOut);
        Assert.Equal(HealthStatus.Yellow, health.Status);
        await AssertRawReplayAgreesAsync();
    }
}
