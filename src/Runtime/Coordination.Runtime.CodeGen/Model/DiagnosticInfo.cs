using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Coordination.CodeGen.Model;

/// <summary>A diagnostic kept as plain data (no symbols or syntax), so models stay cacheable.</summary>
internal sealed record DiagnosticInfo(string DescriptorId, string FilePath, TextSpan Span, LinePositionSpan LineSpan, string MessageArgument)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, string messageArgument)
    {
        var lineSpan = location?.GetLineSpan() ?? default;
        return new DiagnosticInfo(
            descriptor.Id,
            location?.SourceTree?.FilePath ?? string.Empty,
            location?.SourceSpan ?? default,
            lineSpan.Span,
            messageArgument);
    }

    public Diagnostic ToDiagnostic()
    {
        var location = FilePath.Length == 0 ? Location.None : Location.Create(FilePath, Span, LineSpan);
        return Diagnostic.Create(Diagnostics.ById(DescriptorId), location, MessageArgument);
    }
}
