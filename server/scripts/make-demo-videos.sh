#!/bin/sh
# Makes the demo district's lesson videos (server/assets/media/demo/lesson-<seconds>s.mp4), one per
# lesson length the demo uses: a still slide with a running clock, H.264 Main profile level 3.0,
# yuv420p and the index at the front, which WeChat plays on iOS and Android. Run once when the
# demo's lesson lengths change; the files are kept in the repository so the quick start needs
# nothing but Node. Needs ffmpeg and a Chinese font (Debian: ffmpeg fonts-wqy-microhei).
set -eu
out="$(dirname "$0")/../assets/media/demo"
font="${FONT:-/usr/share/fonts/truetype/wqy/wqy-microhei.ttc}"
mkdir -p "$out"
for seconds in 240 300 360 420 480 540 600 660; do
  minutes=$((seconds / 60))
  clock="%{eif\\:floor(t/60)\\:d\\:2}\\:%{eif\\:mod(floor(t)\\,60)\\:d\\:2}"
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "color=c=0x1559b7:s=480x270:r=2:d=$seconds" \
    -vf "drawtext=fontfile=$font:text='终身学习 · 微课示例':fontcolor=white:fontsize=30:x=(w-text_w)/2:y=70,drawtext=fontfile=$font:text='本视频时长 $minutes 分钟':fontcolor=0xdde8ff:fontsize=18:x=(w-text_w)/2:y=120,drawtext=fontfile=$font:text='$clock':fontcolor=white:fontsize=36:x=(w-text_w)/2:y=165" \
    -c:v libx264 -preset veryslow -tune stillimage -crf 36 -profile:v main -level 3.0 -pix_fmt yuv420p -g 60 \
    -movflags +faststart -metadata title="终身学习微课示例 $minutes 分钟" "$out/lesson-${seconds}s.mp4"
done
ls -l "$out"
