namespace Tally.Import.Tests;

/// <summary>The CSV reader under every format: columns by name, physical line numbers, clear refusals.</summary>
public sealed class CsvTableTests
{
    private static CsvTable Open(string csv) => CsvTable.Open(new StringReader(csv), "data.csv");

    [Fact]
    public void Require_names_the_missing_column_and_the_header_it_found()
    {
        using var table = Open("symbol,kind,base\nBTCUSD,inverse,BTC\n");

        var e = Assert.Throws<InputFileException>(() => table.Require("symbol", "kind", "base", "quote"));

        Assert.Equal("data.csv: missing required column quote (header has: symbol, kind, base)", e.Message);
    }

    [Fact]
    public void Require_names_every_missing_column()
    {
        using var table = Open("a,b\n1,2\n");

        var e = Assert.Throws<InputFileException>(() => table.Require("a", "qty", "price"));

        Assert.Contains("missing required columns qty, price", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Require_passes_when_the_columns_are_there_in_any_case()
    {
        using var table = Open("Symbol,QTY\nX,1\n");

        table.Require("symbol", "qty");

        Assert.True(table.Has("symbol"));
        Assert.True(table.Has("Qty"));
        Assert.False(table.Has("price"));
    }

    [Fact]
    public void Values_are_found_by_column_name_and_trimmed()
    {
        using var table = Open("b, a \n 2 ,1\n");

        Assert.True(table.Read());
        Assert.Equal("1", table.Get("a"));
        Assert.Equal("2", table.Get("B"));
    }

    [Fact]
    public void An_absent_column_or_a_short_row_reads_as_empty()
    {
        using var table = Open("a,b,c\n1\n");

        Assert.True(table.Read());
        Assert.Equal("1", table.Get("a"));
        Assert.Equal(string.Empty, table.Get("c"));
        Assert.Equal(string.Empty, table.Get("nope"));
    }

    [Fact]
    public void Line_is_the_physical_line_of_the_row_with_the_header_on_line_1()
    {
        using var table = Open("a\nx\n\ny\n \n\nz\n");
        var seen = new List<(int Line, string Value)>();

        while (table.Read())
        {
            seen.Add((table.Line, table.Get("a")));
        }

        Assert.Equal([(2, "x"), (4, "y"), (7, "z")], seen);
    }

    [Fact]
    public void A_text_whose_first_line_is_blank_has_no_header_and_is_refused_as_empty()
    {
        var e = Assert.Throws<InputFileException>(() => Open("\n"));

        Assert.Equal("data.csv: the file is empty (a header line is required)", e.Message);
    }

    [Fact]
    public void An_empty_text_is_refused_naming_the_source()
    {
        var e = Assert.Throws<InputFileException>(() => Open(string.Empty));

        Assert.Equal("data.csv: the file is empty (a header line is required)", e.Message);
    }

    [Theory]
    [InlineData("a,b,a\n1,2,3\n", "a")]
    [InlineData("Qty,price,qty\n1,2,3\n", "qty")]
    public void A_header_naming_a_column_twice_is_refused(string csv, string column)
    {
        var e = Assert.Throws<InputFileException>(() => Open(csv));

        Assert.Equal($"data.csv: line 1: column {column} appears twice in the header", e.Message);
    }

    [Fact]
    public void A_row_with_a_value_over_the_field_limit_has_a_problem_and_the_rows_around_it_read()
    {
        using var table = Open($"a,b\n1,x\n2,{new string('y', CsvTable.MaxFieldLength + 1)}\n3,z\n");
        var seen = new List<(int Line, string? Problem)>();
        while (table.Read())
        {
            seen.Add((table.Line, table.Problem?.ToString()));
        }

        Assert.Equal(
            [(2, null), (3, $"line 3, column b: \"yyyyyyyyyyyyyyyyyyyy…\" is {CsvTable.MaxFieldLength + 1} characters long (at most {CsvTable.MaxFieldLength})"), (4, null)],
            seen);
    }

    [Fact]
    public void A_quote_never_closed_ends_the_table_with_a_problem_on_its_line()
    {
        using var table = Open("a,b\n1,x\n2,\"open\n3,z\n");

        Assert.True(table.Read());
        Assert.Null(table.Problem);
        Assert.True(table.Read());
        Assert.Equal(new RowError(3, "row", "", "has a quote that is never closed; the rest of the file is not read"), table.Problem);
        Assert.False(table.Read());
    }
}
