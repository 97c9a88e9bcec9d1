namespace Coordination.CodeGen.Emit;

/// <summary>Names of the runtime types generated code refers to, spelled out once.</summary>
internal static class Names
{
    public const string Namespace = "Coordination.Generated";
    public const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"Coordination.Runtime.CodeGen\", \"1.0\")]";
    public const string Codecs = "global::Coordination.Generated.CoordinationCodecs";
    public const string Writer = "global::Coordination.Serialization.CodecWriter";
    public const string Reader = "global::Coordination.Serialization.CodecReader";
    public const string CodecException = "global::Coordination.Serialization.GrainCodecException";
    public const string GrainReference = "global::Coordination.Invocation.GrainReference";
    public const string GrainRequest = "global::Coordination.Invocation.GrainRequest";
    public const string Sender = "global::Coordination.Invocation.IGrainCallSender";
    public const string VoidResult = "global::Coordination.Invocation.VoidResult";
    public const string GrainId = "global::Coordination.GrainId";
    public const string ValueTask = "global::System.Threading.Tasks.ValueTask";
    public const string Task = "global::System.Threading.Tasks.Task";

    public static string Proxy(string safeName) => "Proxy_" + safeName;

    public static string Request(string safeName, string method, uint methodId) => $"Request_{safeName}_{method}_{methodId:x8}";
}
