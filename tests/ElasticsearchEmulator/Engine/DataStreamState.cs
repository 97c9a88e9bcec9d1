namespace Coordination.ElasticsearchEmulator.Engine;

/// <summary>A data stream: append-only, writes go to the newest backing index, only op_type=create is allowed.</summary>
internal sealed class DataStreamState
{
    public required string Name { get; init; }

    public required string TemplateName { get; init; }

    public required List<EmulatedIndex> BackingIndices { get; init; }

    public EmulatedIndex WriteIndex => BackingIndices[^1];
}
