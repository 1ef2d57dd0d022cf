package dev.moim.file;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.zip.CRC32;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

/** Photos and other uploads built in memory for the tests, and ways to look inside the results. */
final class TestImages {

    static final int RED = 0xFFD02020;
    static final int GREEN = 0xFF20D020;
    static final int BLUE = 0xFF2020D0;
    static final int WHITE = 0xFFFFFFFF;

    /** 12×8 lossless WebP with alpha (cwebp -lossless -exact). */
    static final String WEBP_LOSSLESS =
            "UklGRjAAAABXRUJQVlA4TCMAAAAvC8ABEBcQ8y8gKPJ/tPkP+EBB2zYMyl6E1ZAOQkT/Y8X9AAA=";
    /** The same picture with an EXIF chunk (Orientation 6) and an XMP chunk naming a location (webpmux -set). */
    static final String WEBP_WITH_EXIF_AND_XMP =
            "UklGRrwAAABXRUJQVlA4WAoAAAAcAAAACwAABwAAVlA4TCMAAAAvC8ABEBcQ8y8gKPJ/tPkP+EBB2zYMyl6E1ZAOQkT/Y8X9AABFWElG"
                    + "GgAAAE1NACoAAAAIAAEBEgADAAAAAQAGAAAAAAAAWE1QIE8AAAA8eDp4bXBtZXRhIHhtbG5zOng9ImFkb2JlOm5zOm1ldGEv"
                    + "Ij48c2VjcmV0PkdQUyAzNy41LDEyNy4wPC9zZWNyZXQ+PC94OnhtcG1ldGE+AA==";
    /** Three 12×8 frames (img2webp -lossless). */
    static final String WEBP_ANIMATED =
            "UklGRvwAAABXRUJQVlA4WAoAAAASAAAACwAABwAAQU5JTQYAAAD/////AABBTk1GPAAAAAAAAAAAAAsAAAcAAGQAAAJWUDhMIwAAAC8L"
                    + "wAEQFxDzLyAo8n+0+Q/4QEHbNgzKXoTVkA5CRP9jxf0AAEFOTUZCAAAAAAAAAAAACwAABwAAZAAAAFZQOEwpAAAALwvAARAX"
                    + "EAKBJIT95VYREBT5P9r8B/qBgrZtGJS9CKshHYSI/seK+wEAQU5NRkIAAAAAAAAAAAALAAAHAABkAAAAVlA4TCkAAAAvC8AB"
                    + "EBcQAoEklP0lVhMQFPk/2vwH+oGCtm0YlL0IqyEdhIj+x4r7AQA=";
    /** 40×30 lossy WebP, red left half, blue right half (cwebp -q 60). */
    static final String WEBP_LOSSY =
            "UklGRmoAAABXRUJQVlA4IF4AAACQBACdASooAB4APrVMn0mnJCKhMAgA4BaJQBnM9i8goAH2AV//uAAGvVqP/wAA/urUf602bbf/"
                    + "zNHfJsN5AfFOCP4TwT9aRPeWqq1fd9argb9A6Yb/lkyf12yMYAAA";

    private TestImages() {
    }

    static byte[] base64(String data) {
        return Base64.getDecoder().decode(data);
    }

    /** Red top-left, green top-right, blue bottom-left, white (or transparent) bottom-right. */
    static BufferedImage quadrants(int width, int height, boolean transparentCorner) {
        BufferedImage image = new BufferedImage(width, height,
                transparentCorner ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                boolean left = x < width / 2;
                boolean top = y < height / 2;
                int colour = top ? (left ? RED : GREEN) : (left ? BLUE : (transparentCorner ? 0 : WHITE));
                image.setRGB(x, y, colour);
            }
        }
        return image;
    }

    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] jpeg(int width, int height) {
        return encode(quadrants(width, height, false), "jpeg");
    }

    static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int frameCount(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            try {
                return reader.getNumImages(true);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    static boolean contains(byte[] haystack, String ascii) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(ascii);
    }

    // JPEG

    /** A JPEG segment: FF marker, the big-endian length (which counts itself), the data. */
    static byte[] segment(int marker, byte[] data) {
        int length = data.length + 2;
        return concat(new byte[]{(byte) 0xFF, (byte) marker, (byte) (length >> 8), (byte) length}, data);
    }

    /** {@code jpeg} with {@code segments} inserted after SOI and the JFIF APP0 that ImageIO writes first. */
    static byte[] withSegments(byte[] jpeg, byte[]... segments) {
        int app0Length = (jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF);
        int at = 4 + app0Length;
        byte[] head = Arrays.copyOfRange(jpeg, 0, at);
        byte[] tail = Arrays.copyOfRange(jpeg, at, jpeg.length);
        return concat(head, concat(segments), tail);
    }

    /** An APP1 EXIF segment: IFD0 with Orientation and camera Make, and a GPS IFD with a latitude. */
    static byte[] exifSegment(int orientation, String make) {
        byte[] makeBytes = ascii(make + "\0");
        int ifd0 = 8;
        int ifd0Size = 2 + 3 * 12 + 4;
        int gps = ifd0 + ifd0Size;
        int gpsSize = 2 + 2 * 12 + 4;
        int latitude = gps + gpsSize;
        int makeAt = latitude + 24;
        ByteBuffer tiff = ByteBuffer.allocate(makeAt + makeBytes.length); // big-endian
        tiff.put(ascii("MM")).putShort((short) 42).putInt(ifd0);
        tiff.putShort((short) 3);
        tiff.putShort((short) 0x010F).putShort((short) 2).putInt(makeBytes.length).putInt(makeAt); // Make
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(gps); // GPS IFD pointer
        tiff.putInt(0);
        tiff.putShort((short) 2);
        tiff.putShort((short) 1).putShort((short) 2).putInt(2).put(ascii("N\0\0\0")); // GPSLatitudeRef
        tiff.putShort((short) 2).putShort((short) 5).putInt(3).putInt(latitude); // GPSLatitude
        tiff.putInt(0);
        tiff.putInt(37).putInt(1).putInt(33).putInt(1).putInt(0).putInt(1);
        tiff.put(makeBytes);
        return segment(0xE1, concat(ascii("Exif\0\0"), tiff.array()));
    }

    // PNG

    static byte[] pngChunk(String type, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put(ascii(type)).put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        return chunk.array();
    }

    /** {@code png} with {@code chunks} inserted after IHDR (signature 8 bytes, IHDR 25). */
    static byte[] withChunksAfterHeader(byte[] png, byte[]... chunks) {
        return concat(Arrays.copyOfRange(png, 0, 33), concat(chunks),
                Arrays.copyOfRange(png, 33, png.length));
    }

    static List<String> pngChunkTypes(byte[] png) {
        List<String> types = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(png);
        int p = 8;
        while (p + 8 <= png.length) {
            int length = buffer.getInt(p);
            types.add(new String(png, p + 4, 4, StandardCharsets.ISO_8859_1));
            p += 12 + length;
        }
        return types;
    }

    static byte[] pngSignature() {
        return new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    }

    static byte[] ihdr(int width, int height) {
        return pngChunk("IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
    }

    // GIF

    /**
     * A GIF of {@code width}×{@code height} with {@code frames} 1×1 frames at its top-left corner: a two-colour
     * global palette and the smallest LZW data (clear, index 0, end).
     */
    static byte[] tinyFrameGif(int width, int height, int frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("GIF89a"));
        out.writeBytes(new byte[]{(byte) width, (byte) (width >> 8), (byte) height, (byte) (height >> 8),
                (byte) 0x80, 0, 0});
        out.writeBytes(new byte[]{0, 0, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
        for (int i = 0; i < frames; i++) {
            out.writeBytes(new byte[]{0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 0x01, 0});
        }
        out.write(0x3B);
        return out.toByteArray();
    }

    /**
     * An animated GIF written by ImageIO: {@code frames} frames of one colour each, looping (NETSCAPE2.0), with a
     * comment on the first frame and an XMP application extension.
     */
    static byte[] animatedGif(int width, int height, int frames, String comment, String xmp) {
        int[] colours = {RED, GREEN, BLUE, WHITE};
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames; i++) {
                BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        frame.setRGB(x, y, colours[i % colours.length]);
                    }
                }
                ImageWriteParam param = writer.getDefaultWriteParam();
                IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame),
                        param);
                String format = metadata.getNativeMetadataFormatName();
                IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
                IIOMetadataNode control = child(root, "GraphicControlExtension");
                control.setAttribute("disposalMethod", "none");
                control.setAttribute("userInputFlag", "FALSE");
                control.setAttribute("transparentColorFlag", "FALSE");
                control.setAttribute("delayTime", "10");
                control.setAttribute("transparentColorIndex", "0");
                if (i == 0) {
                    child(child(root, "CommentExtensions"), "CommentExtension").setAttribute("value", comment);
                    IIOMetadataNode applications = child(root, "ApplicationExtensions");
                    IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
                    loop.setAttribute("applicationID", "NETSCAPE");
                    loop.setAttribute("authenticationCode", "2.0");
                    loop.setUserObject(new byte[]{1, 0, 0});
                    applications.appendChild(loop);
                }
                metadata.setFromTree(format, root);
                writer.writeToSequence(new IIOImage(frame, null, metadata), param);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        // ImageIO's writer keeps only one application extension, so the XMP one is put in by hand.
        byte[] written = bytes.toByteArray();
        int afterPalette = 13 + ((written[10] & 0x80) == 0 ? 0 : 3 << ((written[10] & 0x07) + 1));
        return concat(Arrays.copyOf(written, afterPalette), applicationExtension("XMP DataXMP", ascii(xmp)),
                Arrays.copyOfRange(written, afterPalette, written.length));
    }

    /** A GIF application extension: 11 bytes of identifier, then the data in sub-blocks of up to 255 bytes. */
    static byte[] applicationExtension(String identifier, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{0x21, (byte) 0xFF, 11});
        out.writeBytes(ascii(identifier));
        for (int i = 0; i < data.length; i += 255) {
            int size = Math.min(255, data.length - i);
            out.write(size);
            out.write(data, i, size);
        }
        out.write(0);
        return out.toByteArray();
    }

    private static IIOMetadataNode child(IIOMetadataNode parent, String name) {
        for (int i = 0; i < parent.getLength(); i++) {
            if (parent.item(i).getNodeName().equals(name)) {
                return (IIOMetadataNode) parent.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        parent.appendChild(node);
        return node;
    }

    // WebP

    /** The FourCCs of a WebP's top-level chunks. */
    static List<String> webpChunks(byte[] webp) {
        List<String> chunks = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(webp).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int p = 12;
        while (p + 8 <= webp.length) {
            int size = buffer.getInt(p + 4);
            chunks.add(new String(webp, p, 4, StandardCharsets.ISO_8859_1));
            p += 8 + size + (size & 1);
        }
        return chunks;
    }
}
