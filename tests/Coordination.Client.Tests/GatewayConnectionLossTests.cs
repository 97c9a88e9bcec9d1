namespace Coordination.Client.Tests;

/// <summary>Which changes in the Orleans client's gateway connections end the waits in flight.</summary>
public sealed class GatewayConnectionLossTests
{
    [Fact]
    public void A_closed_gateway_connection_ends_the_waits_in_flight_and_later_waits_wait_for_the_next_loss()
    {
        var loss = new GatewayConnectionLoss();
        var inFlight = loss.NextLoss;

        loss.NotifyGatewayCountChanged(currentNumberOfGateways: 1, previousNumberOfGateways: 2, connectionRecovered: false);

        Assert.True(inFlight.IsCancellationRequested);
        Assert.False(loss.NextLoss.IsCancellationRequested);
    }

    [Fact]
    public void Losing_the_last_gateway_ends_the_waits_in_flight()
    {
        var loss = new GatewayConnectionLoss();
        var inFlight = loss.NextLoss;

        loss.NotifyClusterConnectionLost();

        Assert.True(inFlight.IsCancellationRequested);
    }

    [Theory]
    [InlineData(1, 0, false)]
    [InlineData(3, 2, true)]
    [InlineData(2, 2, false)]
    public void Opened_or_recovered_gateway_connections_end_nothing(int current, int previous, bool recovered)
    {
        var loss = new GatewayConnectionLoss();
        var inFlight = loss.NextLoss;

        loss.NotifyGatewayCountChanged(current, previous, recovered);

        Assert.False(inFlight.IsCancellationRequested);
    }
}
