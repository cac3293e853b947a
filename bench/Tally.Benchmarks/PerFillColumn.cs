using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Tally.Benchmarks;

/// <summary>
/// Per-fill figures for <see cref="IngestBenchmarks"/>, whose fills per invocation depend on the BatchSize
/// parameter (which OperationsPerInvoke, an attribute constant, cannot follow): the invocation's Mean and
/// Allocated divided by <see cref="IngestBenchmarks.FillsPerInvoke"/>.
/// </summary>
public sealed class PerFillColumn : IColumn
{
    public static readonly PerFillColumn Fills = new(Figure.Fills, "Fills", "Fills committed per invocation");
    public static readonly PerFillColumn MeanPerFill = new(Figure.MeanPerFill, "Mean per fill", "Mean divided by Fills (1 μs = 0.000001 sec)");
    public static readonly PerFillColumn FillsPerSecond = new(Figure.FillsPerSecond, "Fills/s", "Fills divided by Mean: durable fills per second");
    public static readonly PerFillColumn AllocatedPerFill = new(Figure.AllocatedPerFill, "Allocated per fill", "Allocated divided by Fills (managed memory, 1 B = 1 byte)");

    private readonly Figure _figure;

    private PerFillColumn(Figure figure, string name, string legend)
    {
        _figure = figure;
        ColumnName = name;
        Legend = legend;
    }

    private enum Figure
    {
        Fills,
        MeanPerFill,
        FillsPerSecond,
        AllocatedPerFill,
    }

    public string Id => $"{nameof(PerFillColumn)}.{_figure}";

    public string ColumnName { get; }

    public string Legend { get; }

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => (int)_figure;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (benchmarkCase.Parameters["BatchSize"] is not int batchSize)
        {
            return "?";
        }

        var fills = IngestBenchmarks.FillsPerInvoke(batchSize);
        var report = summary[benchmarkCase];
        var mean = report?.ResultStatistics?.Mean;
        var allocated = report?.GcStats.GetBytesAllocatedPerOperation(benchmarkCase);
        return _figure switch
        {
            Figure.Fills => fills.ToString("N0", CultureInfo.InvariantCulture),
            Figure.MeanPerFill => mean is { } ns ? (ns / fills / 1_000).ToString("N2", CultureInfo.InvariantCulture) + " μs" : "NA",
            Figure.FillsPerSecond => mean is { } ns ? (fills / (ns / 1e9)).ToString("N0", CultureInfo.InvariantCulture) : "NA",
            Figure.AllocatedPerFill => allocated is { } bytes ? ((double)bytes / fills).ToString("N0", CultureInfo.InvariantCulture) + " B" : "NA",
        };
    }

    public override string ToString() => ColumnName;

    /// <summary>The four columns, for <c>[Config(typeof(PerFillColumn.Config))]</c>.</summary>
    public sealed class Config : ManualConfig
    {
        public Config() => AddColumn(Fills, MeanPerFill, FillsPerSecond, AllocatedPerFill);
    }
}
