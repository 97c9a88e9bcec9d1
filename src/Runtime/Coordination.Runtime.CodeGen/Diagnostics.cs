using System.Linq;
using Microsoft.CodeAnalysis;

namespace Coordination.CodeGen;

/// <summary>Compile-time errors for grain interfaces and classes the runtime cannot serve.</summary>
internal static class Diagnostics
{
    private const string Category = "Coordination.Grains";

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error(
        "COORD001",
        "Unsupported grain method return type",
        "{0}: grain methods must return Task, Task<T>, ValueTask or ValueTask<T>, because every grain call is asynchronous");

    public static readonly DiagnosticDescriptor ByRefParameter = Error(
        "COORD002",
        "By-reference parameter in a grain method",
        "{0}: grain calls copy their arguments, so ref, out and in parameters are not supported");

    public static readonly DiagnosticDescriptor GenericMethod = Error(
        "COORD003",
        "Generic grain method",
        "{0}: grain methods cannot have type parameters, because the callee must know every argument type at compile time");

    public static readonly DiagnosticDescriptor UnsupportedType = Error(
        "COORD004",
        "Type cannot cross a grain boundary",
        "{0}");

    public static readonly DiagnosticDescriptor NonMethodMember = Error(
        "COORD005",
        "Grain interface member is not a method",
        "{0}: grain interfaces may only declare methods, because only calls can be sent to a grain");

    public static readonly DiagnosticDescriptor GenericInterface = Error(
        "COORD006",
        "Generic grain interface",
        "{0}: generic grain interfaces are not supported; declare one non-generic interface per grain type");

    public static readonly DiagnosticDescriptor GrainConstructor = Error(
        "COORD007",
        "Grain class constructor cannot be used by the runtime",
        "{0}");

    public static readonly DiagnosticDescriptor MethodIdCollision = Error(
        "COORD008",
        "Grain method ids collide",
        "{0}: rename one of the methods or change its parameters");

    public static readonly DiagnosticDescriptor DeadlineExtension = Error(
        "COORD009",
        "Invalid [ExtendsDeadline] parameter",
        "{0}");

    private static readonly DiagnosticDescriptor[] s_all =
    [
        UnsupportedReturnType, ByRefParameter, GenericMethod, UnsupportedType, NonMethodMember, GenericInterface, GrainConstructor, MethodIdCollision,
        DeadlineExtension,
    ];

    public static DiagnosticDescriptor ById(string id) => s_all.First(d => d.Id == id);

    private static DiagnosticDescriptor Error(string id, string title, string format) =>
        new(id, title, format, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
