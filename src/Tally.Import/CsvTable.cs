using Sylvan.Data.Csv;

namespace Tally.Import;

/// <summary>
/// A CSV file with a header, read row by row with the physical line number of each row, columns looked
/// up by (case-insensitive) name so their order is free. Blank lines are skipped.
/// </summary>
public sealed class CsvTable : IDisposable
{
    private readonly CsvDataReader _reader;
    private readonly Dictionary<string, int> _columns = new(StringComparer.OrdinalIgnoreCase);
    private int _breaksInEarlierRows;

    private CsvTable(CsvDataReader reader, string source)
    {
        _reader = reader;
        Source = source;
        for (var i = 0; i < reader.FieldCount; i++)
        {
            _columns.TryAdd(reader.GetName(i).Trim(), i);
        }
    }

    public string Source { get; }

    /// <summary>1-based line of the current row in the file (the header is line 1).</summary>
    public int Line { get; private set; } = 1;

    public static CsvTable Open(TextReader text, string source)
    {
        CsvDataReader reader;
        try
        {
            reader = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true });
        }
        catch (CsvMissingHeadersException e)
        {
            throw new InputFileException($"{source}: the file is empty (a header line is required)", e);
        }

        if (reader.FieldCount == 0 || (reader.FieldCount == 1 && string.IsNullOrWhiteSpace(reader.GetName(0))))
        {
            reader.Dispose();
            throw new InputFileException($"{source}: the file is empty (a header line is required)");
        }

        return new CsvTable(reader, source);
    }

    public bool Has(string column) => _columns.ContainsKey(column);

    /// <summary>Fails with one clear line when a required column is absent.</summary>
    public void Require(params string[] columns)
    {
        var missing = columns.Where(c => !_columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw new InputFileException(
                $"{Source}: missing required column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} (header has: {string.Join(", ", _columns.Keys)})");
        }
    }

    public bool Read()
    {
        while (_reader.Read())
        {
            // Sylvan counts rows; a row's physical line is one more (the header), plus every line break
            // that quoted values in earlier rows carried.
            Line = _reader.RowNumber + 1 + _breaksInEarlierRows;
            for (var i = 0; i < _reader.RowFieldCount; i++)
            {
                _breaksInEarlierRows += _reader.GetFieldSpan(i).Count('\n');
            }

            if (_reader.RowFieldCount == 1 && string.IsNullOrWhiteSpace(_reader.GetString(0)))
            {
                continue;
            }

            return true;
        }

        return false;
    }

    /// <summary>The trimmed value of <paramref name="column"/> in the current row; empty when absent or blank.</summary>
    public string Get(string column)
    {
        if (!_columns.TryGetValue(column, out var index) || index >= _reader.RowFieldCount)
        {
            return string.Empty;
        }

        return _reader.GetString(index).Trim();
    }

    public void Dispose() => _reader.Dispose();
}
