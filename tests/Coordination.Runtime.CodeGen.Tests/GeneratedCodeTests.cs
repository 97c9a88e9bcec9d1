namespace Coordination.Runtime.CodeGen.Tests;

public sealed class GeneratedCodeTests
{
    private const string ValidGrains = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Coordination;
        using Coordination.Storage;

        namespace Sample;

        public enum Color { Red, Green }

        public sealed record Payload(string Name, int? Count, Color Color, IReadOnlyList<Payload> Children, Dictionary<string, long[]> Scores)
        {
            public Guid Extra { get; init; }
        }

        public struct Point
        {
            public int X { get; set; }
            public int Y { get; set; }
        }

        public interface IShared
        {
            Task<int> FromPlainBase(int value);
        }

        public interface IPingGrain : IGrainWithStringKey, IShared
        {
            Task Ping();
            ValueTask PingValue();
            Task<Payload> Echo(Payload payload, CancellationToken cancellationToken);
            ValueTask<Point> Move(Point point, [ExtendsDeadline] TimeSpan? wait);
            [AlwaysInterleave] Task<IPingGrain> Self();
            Task<string> Keyword(string @event);
        }

        public sealed class CounterState
        {
            public int Value { get; set; }
        }

        [Reentrant]
        public sealed class PingGrain([PersistentState("counter", "store")] IPersistentState<CounterState> state, IServiceProvider services) : Grain, IPingGrain
        {
            public Task Ping() => Task.CompletedTask;
            public ValueTask PingValue() => default;
            public Task<Payload> Echo(Payload payload, CancellationToken cancellationToken) => Task.FromResult(payload);
            public ValueTask<Point> Move(Point point, TimeSpan? wait) => new(point);
            public Task<IPingGrain> Self() => Task.FromResult<IPingGrain>(this);
            public Task<int> FromPlainBase(int value) => Task.FromResult(value + state.State.Value + (services is null ? 0 : 1));
            public Task<string> Keyword(string @event) => Task.FromResult(@event);
        }
        """;

    [Fact]
    public void A_valid_grain_interface_and_class_generate_code_that_compiles_without_errors()
    {
        var result = GeneratorHarness.Run(ValidGrains);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.CompilationErrors);
        Assert.Contains(result.GeneratedFileNames, n => n.StartsWith("Proxy_Sample_IPingGrain", StringComparison.Ordinal));
        Assert.Contains("CoordinationCodecs.g.cs", result.GeneratedFileNames);
        Assert.Contains("CoordinationRegistration.g.cs", result.GeneratedFileNames);
    }

    [Fact]
    public void The_proxy_covers_methods_of_plain_base_interfaces_and_marks_interleaving_methods()
    {
        var proxy = GeneratorHarness.Run(ValidGrains).GeneratedText("Proxy_Sample_IPingGrain");

        Assert.Contains("global::Sample.IShared.FromPlainBase(int value)", proxy, StringComparison.Ordinal);
        Assert.Contains("public override bool IsAlwaysInterleave => true;", proxy, StringComparison.Ordinal);
        Assert.Contains("CallCancellation", proxy, StringComparison.Ordinal);
        Assert.Contains("CallTimeouts.Extend(configuredTimeout, Arg1)", proxy, StringComparison.Ordinal);
        Assert.Contains("@event", proxy, StringComparison.Ordinal);
    }

    [Fact]
    public void The_registration_names_the_grain_type_and_builds_the_grain_from_states_and_services()
    {
        var registration = GeneratorHarness.Run(ValidGrains).GeneratedText("CoordinationRegistration");

        Assert.Contains("GrainType = \"ping\"", registration, StringComparison.Ordinal);
        Assert.Contains("IsReentrant = true", registration, StringComparison.Ordinal);
        Assert.Contains("GetPersistentState<global::Sample.CounterState>(\"counter\", \"store\")", registration, StringComparison.Ordinal);
        Assert.Contains("GetRequiredService<global::System.IServiceProvider>", registration, StringComparison.Ordinal);
    }

    [Fact]
    public void No_reflection_is_used_by_generated_code()
    {
        var result = GeneratorHarness.Run(ValidGrains);
        foreach (var tree in result.Run.GeneratedTrees)
        {
            var text = tree.ToString();
            Assert.DoesNotContain("System.Reflection", text, StringComparison.Ordinal);
            Assert.DoesNotContain("DispatchProxy", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Activator.CreateInstance", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_project_without_grains_gets_no_generated_files()
    {
        var result = GeneratorHarness.Run("namespace Empty; public sealed class Nothing { }");
        Assert.Empty(result.Run.GeneratedTrees);
        Assert.Empty(result.CompilationErrors);
    }
}
