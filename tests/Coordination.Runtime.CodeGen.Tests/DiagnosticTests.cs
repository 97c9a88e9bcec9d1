namespace Coordination.Runtime.CodeGen.Tests;

public sealed class DiagnosticTests
{
    private static string Grain(string members, string types = "") => $$"""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Coordination;
        using Coordination.Storage;

        namespace Sample;

        {{types}}

        public interface IBadGrain : IGrainWithStringKey
        {
        {{members}}
        }
        """;

    [Fact]
    public void A_method_that_does_not_return_a_task_is_COORD001()
    {
        var diagnostic = GeneratorHarness.Run(Grain("int Count();")).Single("COORD001");
        Assert.Contains("IBadGrain.Count()", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("must return Task, Task<T>, ValueTask or ValueTask<T>", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Equal(12, diagnostic.Location.GetLineSpan().StartLinePosition.Line); // 0-based: the member's line
    }

    [Fact]
    public void A_void_method_is_COORD001()
    {
        var diagnostic = GeneratorHarness.Run(Grain("void Fire();")).Single("COORD001");
        Assert.Contains("returns 'void'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Task Take(ref int value);")]
    [InlineData("Task Take(out int value);")]
    [InlineData("Task Take(in int value);")]
    public void A_by_reference_parameter_is_COORD002(string member)
    {
        var diagnostic = GeneratorHarness.Run(Grain(member)).Single("COORD002");
        Assert.Contains("Parameter 'value'", diagnostic.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("ref, out and in parameters are not supported", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_generic_method_is_COORD003()
    {
        var diagnostic = GeneratorHarness.Run(Grain("Task<T> Get<T>();")).Single("COORD003");
        Assert.Contains("cannot have type parameters", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_object_parameter_is_COORD004()
    {
        var diagnostic = GeneratorHarness.Run(Grain("Task Put(object value);")).Single("COORD004");
        Assert.Equal("Parameter 'value' of grain method IBadGrain.Put(object) has type 'object', which cannot cross a grain boundary: object has no fixed shape; use a concrete record or class", diagnostic.GetMessage());
    }

    [Fact]
    public void A_type_with_a_member_that_cannot_be_serialized_is_COORD004_naming_the_member()
    {
        var diagnostic = GeneratorHarness.Run(Grain("Task Put(Envelope value);", "public sealed record Envelope(string Name, object Body);")).Single("COORD004");
        Assert.Contains("its property Envelope.Body has type 'object'", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unserializable_result_type_is_COORD004()
    {
        var diagnostic = GeneratorHarness.Run(Grain("Task<IDisposable> Open();")).Single("COORD004");
        Assert.Contains("The result of grain method IBadGrain.Open()", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_abstract_parameter_type_is_COORD004()
    {
        var diagnostic = GeneratorHarness.Run(Grain("Task Put(Shape shape);", "public abstract class Shape { public int Sides { get; set; } }")).Single("COORD004");
        Assert.Contains("abstract", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_without_a_usable_constructor_is_COORD004()
    {
        var diagnostic = GeneratorHarness.Run(Grain("Task Put(Opaque value);", "public sealed class Opaque { public Opaque(int secret) { } public int Visible => 1; }")).Single("COORD004");
        Assert.Contains("needs a public parameterless constructor", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_property_on_a_grain_interface_is_COORD005()
    {
        var diagnostic = GeneratorHarness.Run(Grain("string Name { get; }")).Single("COORD005");
        Assert.Contains("may only declare methods", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_generic_grain_interface_is_COORD006()
    {
        var source = """
            using System.Threading.Tasks;
            using Coordination;
            namespace Sample;
            public interface IBoxGrain<T> : IGrainWithStringKey { Task<T> Get(); }
            """;
        var diagnostic = GeneratorHarness.Run(source).Single("COORD006");
        Assert.Contains("generic grain interfaces are not supported", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_grain_class_with_two_public_constructors_is_COORD007()
    {
        var source = Grain("Task Ping();") + """

            public sealed class BadGrain : Grain, IBadGrain
            {
                public BadGrain() { }
                public BadGrain(int value) { }
                public Task Ping() => Task.CompletedTask;
            }
            """;
        var diagnostic = GeneratorHarness.Run(source).Single("COORD007");
        Assert.Contains("has 2 public constructors", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_persistent_state_parameter_without_a_name_is_COORD007()
    {
        var source = Grain("Task Ping();", "public sealed class S { public int V { get; set; } }") + """

            public sealed class BadGrain(IPersistentState<S> state) : Grain, IBadGrain
            {
                public Task Ping() => Task.CompletedTask;
            }
            """;
        var diagnostic = GeneratorHarness.Run(source).Single("COORD007");
        Assert.Contains("add [PersistentState(\"name\")]", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void ExtendsDeadline_on_a_parameter_that_is_not_a_duration_is_COORD009()
    {
        var diagnostic = GeneratorHarness.Run(Grain("Task Wait([ExtendsDeadline] string how);")).Single("COORD009");
        Assert.Contains("must be a TimeSpan or TimeSpan?", diagnostic.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_in_an_interface_is_reported_and_no_proxy_is_generated_for_it()
    {
        var result = GeneratorHarness.Run(Grain("int A();\n    Task B(ref int x);\n    Task<T> C<T>();"));
        Assert.Equal(["COORD001", "COORD002", "COORD003"], result.GeneratorDiagnostics.Select(d => d.Id).Order());
        Assert.DoesNotContain(result.GeneratedFileNames, n => n.StartsWith("Proxy_", StringComparison.Ordinal));
    }
}
