using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Coordination.Persistence.Elasticsearch.Tests.Client;

/// <summary>
/// A grain that fails on the store (for example while its state is read at activation) sends the error to its
/// caller: each Elasticsearch error must cross the wire as itself, with its details, not as a codec failure.
/// </summary>
public sealed class ExceptionSerializationTests
{
    private static readonly Serializer s_serializer = new ServiceCollection()
        .AddSerializer(builder => builder.AddAssembly(typeof(ElasticsearchException).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    [Fact]
    public void A_request_whose_outcome_is_unknown_keeps_its_type_message_and_flag()
    {
        var copy = RoundTrip(new ElasticsearchRequestFailedException("the write to index locks timed out", outcomeUnknown: true));

        var failed = Assert.IsType<ElasticsearchRequestFailedException>(copy);
        Assert.True(failed.OutcomeUnknown);
        Assert.Equal("the write to index locks timed out", failed.Message);
    }

    [Fact]
    public void A_server_error_keeps_its_status_and_elasticsearch_error()
    {
        var copy = Assert.IsType<ElasticsearchServerException>(RoundTrip(new ElasticsearchServerException(400, "illegal_argument_exception", "bad id", "refused")));

        Assert.Equal((400, "illegal_argument_exception", "bad id"), (copy.StatusCode, copy.ErrorType, copy.Reason));
    }

    [Theory]
    [InlineData(typeof(ElasticsearchUnavailableException))]
    [InlineData(typeof(ElasticsearchStartupException))]
    [InlineData(typeof(ElasticsearchWriteOutcomeUnknownException))]
    public void Every_other_error_crosses_as_itself(Type type)
    {
        var original = (Exception)Activator.CreateInstance(type, "no node answered: http://127.0.0.1:9200", null)!;

        var copy = RoundTrip(original);

        Assert.IsType(type, copy);
        Assert.Equal(original.Message, copy.Message);
    }

    private static Exception RoundTrip(Exception exception) => s_serializer.Deserialize<Exception>(s_serializer.SerializeToArray(exception))!;
}
