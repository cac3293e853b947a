using System.Text;
using Tally.Import;

namespace Tally.Import.Tests;

/// <summary>Input files must be UTF-8 throughout; the first bad byte is reported with its line.</summary>
public sealed class Utf8TextTests
{
    [Fact]
    public void Valid_UTF8_with_a_byte_order_mark_and_multibyte_characters_has_no_bad_line()
    {
        using var stream = new MemoryStream([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("a,b\nÉté,€\n日本,😀\n")]);

        Assert.Null(Utf8Text.FirstInvalidLine(stream));
    }

    [Theory]
    [InlineData(0xE9, 3)]
    [InlineData(0xFF, 3)]
    [InlineData(0xC3, 3)]
    public void The_first_byte_that_is_not_UTF8_is_reported_with_its_line(byte bad, int line)
    {
        using var stream = new MemoryStream([.. "a,b\n1,2\n3,"u8, bad, .. "\n5,6\n"u8]);

        Assert.Equal(line, Utf8Text.FirstInvalidLine(stream));
    }

    [Fact]
    public void A_multibyte_character_split_across_read_blocks_is_still_valid_and_lines_are_counted_across_blocks()
    {
        // 65,535 ASCII bytes put the three-byte € across the 64 KiB block boundary; a bad byte follows on line 3.
        var bytes = new List<byte>();
        bytes.AddRange(Enumerable.Repeat((byte)'a', 65_535));
        bytes.AddRange("€\n\n"u8.ToArray());
        bytes.Add(0xFF);
        using var stream = new MemoryStream([.. bytes]);

        Assert.Equal(3, Utf8Text.FirstInvalidLine(stream));
    }
}
