import { describe, expect, it } from 'vitest'
import { checkImages, formatSize, IMAGE_ACCEPT, isSupportedImage, MAX_IMAGE_BYTES } from './files'

const file = (name: string, size: number, type: string) => ({ name, size, type })

describe('client-side image checks', () => {
  it('accepts JPEG, PNG and WebP by type, and by name when the type is missing', () => {
    expect(IMAGE_ACCEPT).toBe('image/jpeg,image/png,image/webp')
    expect(isSupportedImage(file('a.jpg', 1, 'image/jpeg'))).toBe(true)
    expect(isSupportedImage(file('a.webp', 1, 'image/webp'))).toBe(true)
    expect(isSupportedImage(file('IMG_0001.JPEG', 1, ''))).toBe(true)
    expect(isSupportedImage(file('scan.pdf', 1, 'application/pdf'))).toBe(false)
    expect(isSupportedImage(file('IMG_0002.HEIC', 1, 'image/heic'))).toBe(false)
    expect(isSupportedImage(file('notice.png', 1, 'text/plain'))).toBe(false)
  })

  it('refuses wrong types and files over 10 MB, with a message naming each', () => {
    const { accepted, refused } = checkImages(
      [
        file('a.png', 1000, 'image/png'),
        file('b.pdf', 1000, 'application/pdf'),
        file('c.jpg', MAX_IMAGE_BYTES + 1, 'image/jpeg'),
      ],
      0,
    )

    expect(accepted.map((f) => f.name)).toEqual(['a.png'])
    expect(refused).toEqual(['「b.pdf」不是 JPG、PNG 或 WebP 图片', '「c.jpg」超过 10 MB（10.0 MB）'])
  })

  it('accepts exactly 10 MB', () => {
    expect(checkImages([file('a.png', MAX_IMAGE_BYTES, 'image/png')], 0).accepted).toHaveLength(1)
  })

  it('keeps a claim at five images, counting those already held', () => {
    const picked = ['1', '2', '3'].map((n) => file(`${n}.png`, 10, 'image/png'))

    expect(checkImages(picked, 3)).toEqual({
      accepted: picked.slice(0, 2),
      refused: ['每项申报最多上传 5 张图片，已忽略 1 张'],
    })
    expect(checkImages(picked, 5).accepted).toEqual([])
  })

  it('formats sizes for people', () => {
    expect(formatSize(100)).toBe('1 KB')
    expect(formatSize(850 * 1024)).toBe('850 KB')
    expect(formatSize(2.4 * 1024 * 1024)).toBe('2.4 MB')
  })
})
