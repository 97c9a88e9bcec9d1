using System.Text.Json;
using System.Text.RegularExpressions;
using Coordination.ElasticsearchEmulator.Engine;
using Coordination.ElasticsearchEmulator.Mapping;

namespace Coordination.ElasticsearchEmulator.Search;

/// <summary><c>prefix</c> on keyword values or text tokens.</summary>
internal sealed class PrefixQuery : FieldQuery
{
    public required string Prefix { get; init; }

    public bool CaseInsensitive { get; init; }

    private StringComparison Comparison => CaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    protected override Func<string, bool> CompileMetadata(IndexSearchContext context, Func<StoredDocument, string> read) =>
        s => s.StartsWith(Prefix, Comparison);

    protected override Func<JsonElement, bool>? CompileValueTest(IndexSearchContext context, FieldMapping field) =>
        field.Kind is FieldKind.Text or FieldKind.Keyword ? TextTest(field, s => s.StartsWith(Prefix, Comparison)) : null;
}

/// <summary><c>wildcard</c> with <c>*</c> and <c>?</c> on keyword values or text tokens.</summary>
internal sealed class WildcardQuery : FieldQuery
{
    public required string Pattern { get; init; }

    public bool CaseInsensitive { get; init; }

    private Regex ToRegex() => new(
        "^" + Regex.Escape(Pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$",
        (CaseInsensitive ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.CultureInvariant | RegexOptions.Singleline);

    protected override Func<string, bool> CompileMetadata(IndexSearchContext context, Func<StoredDocument, string> read)
    {
        var regex = ToRegex();
        return regex.IsMatch;
    }

    protected override Func<JsonElement, bool>? CompileValueTest(IndexSearchContext context, FieldMapping field)
    {
        var regex = ToRegex();
        return field.Kind is FieldKind.Text or FieldKind.Keyword ? TextTest(field, regex.IsMatch) : null;
    }
}
