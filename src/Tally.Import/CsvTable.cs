using Sylvan.Data.Csv;

namespace Tally.Import;

/// <summary>
/// A CSV file with a header, read row by row with the physical line number of each row, columns looked
/// up by (case-insensitive) name so their order is free. Blank lines are skipped. A header naming a column
/// twice is refused. A row with a value longer than <see cref="MaxFieldLength"/> characters comes back with a
/// <see cref="Problem"/>; so does the record where the file stops being CSV (a quote never closed, or a record
/// over <see cref="MaxRecordLength"/> characters), after which nothing more is read.
/// </summary>
public sealed class CsvTable : IDisposable
{
    /// <summary>Longest value a row may hold; ids, symbols and numbers are far shorter.</summary>
    public const int MaxFieldLength = 4096;

    /// <summary>Longest record the reader buffers; beyond it the rest of the file is not read.</summary>
    public const int MaxRecordLength = 1 << 20;

    private readonly CsvDataReader _reader;
    private readonly Dictionary<string, int> _columns = new(StringComparer.OrdinalIgnoreCase);
    private int _breaksInEarlierRows;
    private int _rowNumber;
    private bool _ended;

    private CsvTable(CsvDataReader reader, string source)
    {
        _reader = reader;
        Source = source;
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var name = reader.GetName(i).Trim();
            if (!_columns.TryAdd(name, i) && name.Length > 0)
            {
                throw new InputFileException($"{source}: line 1: column {name} appears twice in the header");
            }
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
            reader = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true, MaxBufferSize = MaxRecordLength });
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

        try
        {
            return new CsvTable(reader, source);
        }
        catch
        {
            reader.Dispose();
            throw;
        }
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

    /// <summary>What is wrong with the current row as a whole, before any of its values is looked at; null for most rows.</summary>
    public RowError? Problem { get; private set; }

    public bool Read()
    {
        Problem = null;
        while (!_ended && NextRecord())
        {
            // Sylvan counts rows; a row's physical line is one more (the header), plus every line break
            // that quoted values in earlier rows carried.
            _rowNumber = _reader.RowNumber;
            Line = _rowNumber + 1 + _breaksInEarlierRows;
            for (var i = 0; i < _reader.RowFieldCount; i++)
            {
                _breaksInEarlierRows += _reader.GetFieldSpan(i).Count('\n');
            }

            if (_reader.RowFieldCount == 1 && string.IsNullOrWhiteSpace(_reader.GetString(0)))
            {
                continue;
            }

            for (var i = 0; i < _reader.RowFieldCount && Problem is null; i++)
            {
                var length = _reader.GetFieldSpan(i).Length;
                if (length > MaxFieldLength)
                {
                    Problem = new RowError(Line, NameOf(i), string.Concat(_reader.GetFieldSpan(i)[..20], "…"), $"is {length} characters long (at most {MaxFieldLength})");
                }
            }

            return true;
        }

        return Problem is not null;
    }

    private bool NextRecord()
    {
        try
        {
            return _reader.Read();
        }
        catch (CsvRecordTooLargeException)
        {
            return Unreadable($"is longer than {MaxRecordLength} characters (is a quote never closed?); the rest of the file is not read");
        }
        catch (CsvInvalidCharacterException)
        {
            return Unreadable("has a quote that is never closed; the rest of the file is not read");
        }
        catch (CsvFormatException)
        {
            return Unreadable("has a quote that is never closed; the rest of the file is not read");
        }
    }

    /// <summary>Ends the table at the record after the last one read, reporting it as the current row's problem.</summary>
    private bool Unreadable(string problem)
    {
        _ended = true;
        Line = _rowNumber + 2 + _breaksInEarlierRows;
        Problem = new RowError(Line, "row", string.Empty, problem);
        return false;
    }

    private string NameOf(int index) => index < _reader.FieldCount ? _reader.GetName(index).Trim() : $"#{index + 1}";

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
